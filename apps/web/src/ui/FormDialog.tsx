import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CloseIcon } from './icons';
import { closedItself } from './dialog-events';
import './ConfirmDialog.css';
import './FormDialog.css';

type FormDialogProps = {
  open: boolean;
  title: string;
  /** Called for the close button, Escape and any other way the dialog closes. */
  onClose: () => void;
  children: ReactNode;
};

/**
 * A modal <dialog> around a form (the form brings its own buttons). Focus stays inside, Escape
 * closes it and the page behind is hidden from assistive technology.
 */
export function FormDialog({ open, title, onClose, children }: FormDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="dialog form-dialog" aria-labelledby={titleId} onClose={closedItself(onClose)}>
      {open && (
        <>
          <div className="form-dialog__header">
            <h2 className="dialog__title" id={titleId}>
              {title}
            </h2>
            <button type="button" className="form-dialog__close" onClick={onClose} aria-label="Close">
              <CloseIcon />
            </button>
          </div>
          {children}
        </>
      )}
    </dialog>
  );
}
