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
import { useConfirmSignup } from '../api';
import { LinkNoLongerValid } from '../components/LinkNoLongerValid';
import { useLinkToken } from '../link-token';
import { PASSWORD_HINT } from './password-hint';

const ZForm = z.object({ password: ZPassword });
const FIELDS = ['password'] as const;
type Field = (typeof FIELDS)[number];

/** Sign-up, step two, from the emailed link: choose a password; the business opens. */
export function FinishSignupPage() {
  useDocumentTitle('Finish creating your account');
  const token = useLinkToken();
  const navigate = useNavigate();
  const confirm = useConfirmSignup();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);
  const [gone, setGone] = useState(false);

  if (!token || gone) {
    return (
      <LinkNoLongerValid to="/signup" action="Sign up again">
        A sign-up link works once, for 24 hours. If you already finished, sign in; otherwise start again and we'll send a new one.
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
    confirm.mutate(
      { body: { token: token!, password: data.password } },
      {
        onSuccess: ({ body }) => {
          toast.success(`Welcome to Slotwise! ${body.currentTenant?.name ?? 'Your business'} is ready.`);
          void navigate('/', { replace: true });
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
        <h1 className="auth-card__title">Choose your password</h1>
        <p className="auth-card__text">Your email address is confirmed. Choose a password to finish creating your account.</p>
      </div>
      <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
        {formError && <Alert>{formError}</Alert>}
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          error={errors.password}
          hint={PASSWORD_HINT}
        />
        <Button type="submit" variant="primary" className="form__submit" busy={confirm.isPending}>
          {confirm.isPending ? 'Creating your account…' : 'Create account'}
        </Button>
      </form>
    </>
  );
}
