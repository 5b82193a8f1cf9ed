import type { ReactNode } from 'react';
import { Button } from './Button';
import './States.css';

type ErrorStateProps = {
  title: ReactNode;
  message?: ReactNode;
  /** Shows a "Try again" button that calls this. */
  onRetry?: () => void;
  /** True while the retry runs; the button shows a spinner. */
  retrying?: boolean;
  /** Left-aligned and without padding, for use inside a card. */
  compact?: boolean;
};

export function ErrorState({ title, message, onRetry, retrying = false, compact = false }: ErrorStateProps) {
  return (
    <div className={`state state--error${compact ? ' state--compact' : ''}`} role="alert">
      <p className="state__title">{title}</p>
      {message && <p className="state__message">{message}</p>}
      {onRetry && (
        <div className="state__action">
          <Button onClick={onRetry} busy={retrying}>
            {retrying ? 'Trying again…' : 'Try again'}
          </Button>
        </div>
      )}
    </div>
  );
}
