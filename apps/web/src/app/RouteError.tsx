import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorState } from '../ui/ErrorState';

/**
 * Shown when a page throws while rendering or its code fails to load (for example after a
 * deploy replaced the chunk the tab still refers to); reloading fetches the current build.
 */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : 'This page could not be shown. Reloading usually fixes it; if not, please tell us.';
  return (
    <div className="route-error">
      <ErrorState title="Something went wrong" message={message} onRetry={() => window.location.reload()} />
    </div>
  );
}
