import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CloseIcon } from './icons';
import { closedItself } from './dialog-events';
import './Drawer.css';

type DrawerProps = {
  open: boolean;
  /** The panel's heading; it also names the dialog. */
  title: ReactNode;
  /** Shown under the title, e.g. a status. */
  subtitle?: ReactNode;
  /** Called for the close button, Escape and a click outside the panel. */
  onClose: () => void;
  children: ReactNode;
  /** Extra class names for the panel. */
  className?: string;
};

/**
 * A panel that slides in from the right (full screen on phones). A native modal <dialog>: it
 * keeps focus inside, closes on Escape and hides the page from assistive technology while open.
 */
export function Drawer({ open, title, subtitle, onClose, children, className }: DrawerProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    // The backdrop click is a mouse shortcut: the keyboard closes the dialog with Escape (its native cancel) or the Close button.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions
    <dialog
      ref={ref}
      className={['drawer', className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
      onClose={closedItself(onClose)}
      // A click on the backdrop lands on the <dialog> itself, never on its content.
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      {open && (
        <div className="drawer__panel">
          <header className="drawer__header">
            <div className="drawer__heading">
              <h2 className="drawer__title" id={titleId}>
                {title}
              </h2>
              {subtitle && <div className="drawer__subtitle">{subtitle}</div>}
            </div>
            <button type="button" className="drawer__close" onClick={onClose} aria-label="Close">
              <CloseIcon />
            </button>
          </header>
          <div className="drawer__body">{children}</div>
        </div>
      )}
    </dialog>
  );
}
