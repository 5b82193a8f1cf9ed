import { ZPassword } from '@slotwise/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { z } from 'zod';
import { apiErrorStatus } from '../../../lib/api';
import { showApiFailure, useFieldErrors, validateForm } from '../../../lib/forms';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { TextField } from '../../../ui/Field';
import { useResetPassword } from '../api';
import { LinkNoLongerValid } from '../components/LinkNoLongerValid';
import { useLinkToken } from '../link-token';
import { PASSWORD_HINT } from './password-hint';

const ZForm = z.object({ password: ZPassword });
const FIELDS = ['password'] as const;
type Field = (typeof FIELDS)[number];

/** From the emailed reset link: a new password, then sign in with it (every session of the account has ended). */
export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const token = useLinkToken();
  const navigate = useNavigate();
  const reset = useResetPassword();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);
  const [gone, setGone] = useState(false);

  if (!token || gone) {
    return (
      <LinkNoLongerValid to="/forgot-password" action="Send a new link">
        A reset link works once, for 30 minutes. Ask for a new one and use the newest email.
      </LinkNoLongerValid>
    );
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data, errors: invalid } = validateForm(ZForm, { password: String(new FormData(event.currentTarget).get('password') ?? '') });
    setFormError(null);
    if (invalid) {
      showErrors(invalid);
      return;
    }
    clearErrors();
    reset.mutate(
      { body: { token: token!, password: data.password } },
      {
        onSuccess: () => {
          toast.success('Your password is changed, and you are signed out everywhere. Sign in with the new one.');
          void navigate('/login', { replace: true });
        },
        onError: (error) => {
          if (apiErrorStatus(error) === 404) setGone(true);
          else showApiFailure(error, FIELDS, showErrors, setFormError);
        },
      },
    );
  }

  return (
    <>
      <div className="auth-card__intro">
        <h1 className="auth-card__title">Choose a new password</h1>
        <p className="auth-card__text">Setting it signs your account out on every device.</p>
      </div>
      <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
        {formError && <Alert>{formError}</Alert>}
        <TextField
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          error={errors.password}
          hint={PASSWORD_HINT}
        />
        <Button type="submit" variant="primary" className="form__submit" busy={reset.isPending}>
          {reset.isPending ? 'Saving…' : 'Set new password'}
        </Button>
      </form>
    </>
  );
}
