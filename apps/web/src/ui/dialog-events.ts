import type { SyntheticEvent } from 'react';

/**
 * A <dialog>'s onClose that answers only its own close. React passes a dialog's `close` event on
 * to the dialogs around it in the component tree (it does not bubble in the DOM), so closing a
 * dialog opened from the booking panel would otherwise close the panel too.
 */
export function closedItself(onClose: () => void) {
  return (event: SyntheticEvent<HTMLDialogElement>) => {
    if (event.target === event.currentTarget) onClose();
  };
}
