import './Spinner.css';

/** A decorative spinner; pair it with visible or visually hidden text that says what is loading. */
export function Spinner({ size = 'md' }: { size?: 'sm' | 'md' }) {
  return <span className={`spinner spinner--${size}`} aria-hidden="true" />;
}

/** A placeholder block shown while content loads. */
export function Skeleton({ width, height = '1em', className }: { width?: string; height?: string; className?: string }) {
  return <span className={['skeleton', className].filter(Boolean).join(' ')} style={{ width, height }} aria-hidden="true" />;
}

/** Rows of placeholder lines for a list or table that is loading, announced by `label`. */
export function TableSkeleton({ label, widths }: { label: string; widths: number[] }) {
  return (
    <div className="table-skeleton" aria-busy="true">
      <span className="visually-hidden" role="status">
        {label}
      </span>
      {widths.map((width) => (
        <Skeleton key={width} width={`${width}%`} />
      ))}
    </div>
  );
}
