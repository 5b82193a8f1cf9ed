import { ZPassword } from '@slotwise/contracts';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { z } from 'zod';
import { apiErrorStatus, type ApiFailure } from '../../../lib/api';
import { showApiFailure, useFieldErrors, validateForm, formText } from '../../../lib/forms';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { useLinkToken } from '../link-token';
import { NewPasswordField } from './NewPasswordField';

const ZForm = z.object({ password: ZPassword });
const FIELDS = ['password'] as const;
type Field = (typeof FIELDS)[number];

type Props = {
  title: string;
  intro: string;
  label: string;
  submitLabel: string;
  pendingLabel: string;
  /** Shown when the link has no usable token, or the API says it is used up or expired (404). */
  expired: ReactNode;
  pending: boolean;
  /** Sends the token and the password; the page decides what success means. */
  onSubmit: (body: { token: string; password: string }, onError: (error: ApiFailure) => void) => void;
};

/** The page behind an emailed link that ends in choosing a password (finish sign-up, reset). */
export function LinkPasswordForm({ title, intro, label, submitLabel, pendingLabel, expired, pending, onSubmit }: Props) {
  const token = useLinkToken();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);
  const [gone, setGone] = useState(false);

  if (!token || gone) return expired;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, errors: invalid } = validateForm(ZForm, { password: formText(new FormData(event.currentTarget), 'password') });
    setFormError(null);
    if (invalid) {
      showErrors(invalid);
      return;
    }
    clearErrors();
    onSubmit({ token: token!, password: data.password }, (error) => {
      if (apiErrorStatus(error) === 404) setGone(true);
      else showApiFailure(error, FIELDS, showErrors, setFormError);
    });
  }

  return (
    <>
      <div className="auth-card__intro">
        <h1 className="auth-card__title">{title}</h1>
        <p className="auth-card__text">{intro}</p>
      </div>
      <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
        {formError && <Alert>{formError}</Alert>}
        <NewPasswordField label={label} error={errors.password} />
        <Button type="submit" variant="primary" className="form__submit" busy={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      </form>
    </>
  );
}
