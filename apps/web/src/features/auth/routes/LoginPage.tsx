import { ZLoginBody } from '@slotwise/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { apiErrorStatus } from '../../../lib/api';
import { showApiFailure, useFieldErrors, validateForm, formText } from '../../../lib/forms';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { TextField } from '../../../ui/Field';
import { useLogin } from '../api';
import { nextPathFrom } from '../redirect';

const FIELDS = ['email', 'password'] as const;
type Field = (typeof FIELDS)[number];

export function LoginPage() {
  useDocumentTitle('Sign in');
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const login = useLogin();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const { data, errors: invalid } = validateForm(ZLoginBody, {
      email: formText(form, 'email'),
      password: formText(form, 'password'),
    });
    setFormError(null);
    if (invalid) {
      showErrors(invalid);
      return;
    }
    clearErrors();
    login.mutate(
      { body: data },
      {
        onSuccess: () => void navigate(nextPathFrom(searchParams), { replace: true }),
        onError: (error) => {
          if (apiErrorStatus(error) === 401) {
            setFormError('Email or password is incorrect');
            return;
          }
          showApiFailure(error, FIELDS, showErrors, setFormError);
        },
      },
    );
  }

  return (
    <>
      <div className="auth-card__intro">
        <h1 className="auth-card__title">Sign in to Slotwise</h1>
        <p className="auth-card__text">Welcome back. Sign in to see your bookings and calendar.</p>
      </div>
      <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
        {formError && <Alert>{formError}</Alert>}
        <TextField label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={errors.password} />
        <p className="auth-card__aside">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
        <Button type="submit" variant="primary" className="form__submit" busy={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      <p className="auth-card__footer">
        New to Slotwise? <Link to="/signup">Create an account</Link>
      </p>
    </>
  );
}
