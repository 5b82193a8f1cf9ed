import { ZBookingPatch, type TBooking } from '@slotwise/contracts';
import { useId, useState, type FormEvent } from 'react';
import { validateForm } from '../../../lib/forms';
import { Button } from '../../../ui/Button';
import { useUpdateBookingNotes } from '../../../lib/bookings/hooks';

const ZNotes = ZBookingPatch.pick({ notes: true });

/** The booking's notes, editable in place. */
export function NotesEditor({ booking, disabled }: { booking: TBooking; disabled: boolean }) {
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const update = useUpdateBookingNotes();
  const id = useId();
  const editing = draft !== undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validateForm(ZNotes, { notes: draft ?? '' });
    if (checked.errors) return setError(checked.errors.notes);
    const notes = checked.data.notes ? checked.data.notes : null;
    if (notes !== booking.notes) update.mutate({ id: booking.id, notes });
    setDraft(undefined);
  };

  return (
    <section className="booking-panel__section" aria-labelledby={`${id}-heading`}>
      <div className="booking-panel__section-header">
        <h3 className="booking-panel__heading" id={`${id}-heading`}>
          Notes
        </h3>
        {!editing && (
          <Button variant="ghost" className="btn--small" onClick={() => setDraft(booking.notes ?? '')} disabled={disabled}>
            {booking.notes ? 'Edit notes' : 'Add notes'}
          </Button>
        )}
      </div>
      {editing ? (
        <form className="booking-form" onSubmit={submit} noValidate>
          <div className={error ? 'field field--invalid' : 'field'}>
            <label className="visually-hidden" htmlFor={`${id}-notes`}>
              Notes
            </label>
            <textarea
              id={`${id}-notes`}
              className="field__control booking-form__textarea"
              name="notes"
              rows={4}
              maxLength={2000}
              value={draft}
              // eslint-disable-next-line jsx-a11y/no-autofocus -- replaces the Edit button the user just pressed: focus moves to what took its place
              autoFocus
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(event) => {
                setDraft(event.target.value);
                setError(undefined);
              }}
              onKeyDown={(event) => {
                // Escape leaves the editor, not the whole panel.
                if (event.key === 'Escape') {
                  event.preventDefault();
                  setDraft(undefined);
                }
              }}
            />
            {error && (
              <p className="field__error" id={`${id}-error`}>
                {error}
              </p>
            )}
          </div>
          <div className="booking-form__actions">
            <Button onClick={() => setDraft(undefined)}>Discard</Button>
            <Button type="submit" variant="primary">
              Save notes
            </Button>
          </div>
        </form>
      ) : booking.notes ? (
        <p className="booking-panel__notes">{booking.notes}</p>
      ) : (
        <p className="booking-panel__muted">No notes yet.</p>
      )}
    </section>
  );
}
