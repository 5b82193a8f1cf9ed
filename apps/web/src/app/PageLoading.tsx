import { Spinner } from '../ui/Spinner';

/** Shown while a page's code loads; it only becomes visible after a short delay to avoid flashing. */
export function PageLoading() {
  return (
    <div className="page-loading" role="status">
      <Spinner />
      <span>Loading…</span>
    </div>
  );
}
