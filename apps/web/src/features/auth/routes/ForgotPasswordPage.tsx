import { ZPasswordResetBody } from '@slotwise/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { showApiFailure, useFieldErrors, validateForm, formText } from '../../../lib/forms';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { TextField } from '../../../ui/Field';
import { useRequestPasswordReset } from '../api';
import { CheckEmail } from '../components/CheckEmail';

const FIELDS = ['email'] as const;
type Field = (typeof FIELDS)[number];

/** Asks for a reset link. The API answers the same whether or not the address has an account, and so does this page. */
export function ForgotPasswordPage() {
  useDocumentTitle('Reset your password');
  const request = useRequestPasswordReset();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, errors: invalid } = validateForm(ZPasswordResetBody, { email: formText(new FormData(event.currentTarget), 'email') });
    setFormError(null);
    if (invalid) {
      showErrors(invalid);
      return;
    }
    clearErrors();
    request.mutate(
      { body: data },
      {
        onSuccess: () => setSentTo(data.email),
        onError: (error) => showApiFailure(error, FIELDS, showErrors, setFormError),
      },
    );
  }

  if (sentTo) {
    return (
      <CheckEmail email={sentTo} onRetry={() => setSentTo(null)}>
        If this address has a Slotwise account, the email has a link to choose a new password. It works once, for 30 minutes.
      </CheckEmail>
    );
  }

  return (
    <>
      <div className="auth-card__intro">
        <h1 className="auth-card__title">Reset your password</h1>
        <p className="auth-card__text">Enter the email address of your account and we'll send you a link to choose a new password.</p>
      </div>
      <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
        {formError && <Alert>{formError}</Alert>}
        <TextField label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
        <Button type="submit" variant="primary" className="form__submit" busy={request.isPending}>
          {request.isPending ? 'Sending…' : 'Email me a link'}
        </Button>
      </form>
      <p className="auth-card__footer">
        Remembered it? <Link to="/login">Sign in</Link>
      </p>
    </>
  );
}
