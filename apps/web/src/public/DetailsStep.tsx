import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../ui/Button';
import { ChevronLeftIcon } from '../ui/icons';
import { validateDetails, type DetailsErrors, type DetailsValues } from './details';
import { StepHeading } from './PublicShell';

export type SubmitOutcome = { fieldErrors?: DetailsErrors; error?: string } | undefined;

type DetailsStepProps = {
  values: DetailsValues;
  onChange: (values: DetailsValues) => void;
  /** What is being booked, shown above the form. */
  summary: ReactNode;
  onBack: () => void;
  /** `action`: the `value` of the button that submitted (`secondaryAction`'s), else `primary`. */
  onSubmit: (values: DetailsValues, action: string) => Promise<SubmitOutcome>;
  submitLabel: string;
  /** A second way to submit the same details (e.g. "Use another card" beside paying with a saved one). */
  secondaryAction?: { label: string; value: string } | undefined;
  /** Shown above the buttons (e.g. the saved card, or "save your card for next time"). */
  extra?: ReactNode;
  focusHeading: boolean;
};

const FIELD_ORDER: (keyof DetailsValues)[] = ['name', 'email', 'phone', 'notes'];

export function DetailsStep({ values, onChange, summary, onBack, onSubmit, submitLabel, secondaryAction, extra, focusHeading }: DetailsStepProps) {
  const [touched, setTouched] = useState<Partial<Record<keyof DetailsValues, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<DetailsErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const clientErrors = validateDetails(values);
  const errorOf = (field: keyof DetailsValues) => (touched[field] ? (clientErrors[field] ?? serverErrors[field]) : serverErrors[field]);

  const set = (field: keyof DetailsValues) => (value: string) => {
    onChange({ ...values, [field]: value });
    setServerErrors((errors) => ({ ...errors, [field]: undefined }));
  };
  const blur = (field: keyof DetailsValues) => () => setTouched((t) => ({ ...t, [field]: true }));

  function focusFirstInvalid(errors: DetailsErrors) {
    const field = FIELD_ORDER.find((f) => errors[f]);
    if (field) formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const action = ((event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value || 'primary';
    if (busy) return;
    setTouched({ name: true, email: true, phone: true, notes: true });
    setFormError(null);
    if (Object.keys(clientErrors).length > 0) {
      focusFirstInvalid(clientErrors);
      return;
    }
    setBusy(true);
    const outcome = await onSubmit(values, action);
    // The step may be gone (booked, or back to the times); only a failure keeps it on screen.
    if (!outcome) return;
    setBusy(false);
    setServerErrors(outcome.fieldErrors ?? {});
    setFormError(outcome.error ?? null);
    if (outcome.fieldErrors) focusFirstInvalid(outcome.fieldErrors);
  }

  return (
    <section className="step" aria-labelledby="details-title">
      <div className="step__head">
        <button type="button" className="back" onClick={onBack}>
          <ChevronLeftIcon size={16} />
          Change time
        </button>
        <StepHeading id="details-title" focus={focusHeading}>
          Your details
        </StepHeading>
      </div>
      {summary}
      <form ref={formRef} className="details" onSubmit={(event) => void submit(event)} noValidate>
        <div className="details__row">
          <Field label="Name" error={errorOf('name')}>
            {(control) => (
              <input {...control} name="name" autoComplete="name" value={values.name} onChange={(e) => set('name')(e.target.value)} onBlur={blur('name')} />
            )}
          </Field>
          <Field label="Email" error={errorOf('email')} hint="Your confirmation and a link to manage the booking go here.">
            {(control) => (
              <input
                {...control}
                name="email"
                type="email"
                autoComplete="email"
                inputMode="email"
                value={values.email}
                onChange={(e) => set('email')(e.target.value)}
                onBlur={blur('email')}
              />
            )}
          </Field>
        </div>
        <Field label="Phone (optional)" error={errorOf('phone')}>
          {(control) => (
            <input
              {...control}
              name="phone"
              type="tel"
              autoComplete="tel"
              value={values.phone}
              onChange={(e) => set('phone')(e.target.value)}
              onBlur={blur('phone')}
            />
          )}
        </Field>
        <Field label="Notes (optional)" error={errorOf('notes')} hint="Anything the business should know before your appointment.">
          {(control) => (
            <textarea {...control} name="notes" rows={3} value={values.notes} onChange={(e) => set('notes')(e.target.value)} onBlur={blur('notes')} />
          )}
        </Field>
        {formError && (
          <p className="notice notice--danger" role="alert">
            {formError}
          </p>
        )}
        {extra}
        <Button type="submit" variant="primary" className="details__submit" busy={busy} value="primary">
          {busy ? 'Booking…' : submitLabel}
        </Button>
        {secondaryAction && (
          <Button type="submit" variant="secondary" className="details__submit" disabled={busy} value={secondaryAction.value}>
            {secondaryAction.label}
          </Button>
        )}
      </form>
    </section>
  );
}

type ControlProps = { id: string; className: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string; children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const describedBy = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, className: 'input', 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
