import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './Button';
import { closedItself } from './dialog-events';
import './ConfirmDialog.css';

type ConfirmDialogProps = {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** True while the confirmed action runs; the dialog stays open until the caller closes it. */
  busy?: boolean;
  /** Why the action failed, shown inside the dialog. */
  error?: ReactNode;
  onConfirm: () => void;
  /** Called for Cancel, Escape and any other way the dialog closes. */
  onCancel: () => void;
};

/**
 * Asks before something that cannot be undone. A native modal <dialog>: it keeps focus
 * inside, closes on Escape and hides the page from assistive technology while open.
 */
export function ConfirmDialog({ open, title, children, confirmLabel, busy = false, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={closedItself(onCancel)}>
      {open && (
        <>
          <h2 className="dialog__title" id={titleId}>
            {title}
          </h2>
          {children && <div className="dialog__body">{children}</div>}
          {error}
          <div className="dialog__actions">
            {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the dialog the user just opened takes focus, on its safe choice (WAI-ARIA dialog pattern) */}
            <Button onClick={onCancel} autoFocus>
              Cancel
            </Button>
            <Button variant="danger" onClick={onConfirm} busy={busy}>
              {confirmLabel}
            </Button>
          </div>
        </>
      )}
    </dialog>
  );
}
