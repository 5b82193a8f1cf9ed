import { apiErrorOf, describeApiError, type ApiFailure } from '../lib/api';
import { EmptyState } from './EmptyState';
import { ErrorState } from './ErrorState';
import { LockIcon } from './icons';

type ApiErrorStateProps = {
  error: ApiFailure;
  /** What could not be loaded, e.g. "Members could not be loaded". */
  title: string;
  onRetry?: () => void;
  retrying?: boolean;
  /** Heading level of the access-denied state; 3 inside a card. */
  headingLevel?: 2 | 3;
};

/** A failed request as people should see it: "no access" for a refused role, otherwise the error with a retry. */
export function ApiErrorState({ error, title, onRetry, retrying, headingLevel = 2 }: ApiErrorStateProps) {
  if (apiErrorOf(error)?.code === 'FORBIDDEN') {
    return (
      <EmptyState
        icon={<LockIcon size={24} />}
        title="You don't have access to this"
        description="Your role in this business doesn't include it. Ask an owner if you need it."
        headingLevel={headingLevel}
      />
    );
  }
  return <ErrorState title={title} message={describeApiError(error)} onRetry={onRetry} retrying={retrying} />;
}
