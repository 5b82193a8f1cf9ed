import { ZSignupBody } from '@slotwise/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { showApiFailure, useFieldErrors, validateForm, formText } from '../../../lib/forms';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { SelectField, TextField } from '../../../ui/Field';
import { useSignup } from '../api';
import { CheckEmail } from '../components/CheckEmail';
import { browserTimeZone, timeZoneChoices, timeZoneLabel } from '../../../lib/time';
import { suggestSlug } from '../slug';

const FIELDS = ['tenantName', 'slug', 'timeZone', 'name', 'email'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Sign-up, step one: the business and who owns it. The API emails a link to finish (choose a
 * password, on FinishSignupPage) and answers the same whether or not the address already has an
 * account, so this page never says which.
 */
export function SignupPage() {
  useDocumentTitle('Create your account');
  const signup = useSignup();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);

  const [businessName, setBusinessName] = useState('');
  // The address follows the business name until the person types one of their own.
  const [typedSlug, setTypedSlug] = useState<string | null>(null);
  const slug = typedSlug ?? suggestSlug(businessName);
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [timeZones] = useState(() => timeZoneChoices([timeZone]));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const { data, errors: invalid } = validateForm(ZSignupBody, {
      tenantName: businessName,
      slug,
      timeZone,
      name: formText(form, 'name'),
      email: formText(form, 'email'),
    });
    setFormError(null);
    if (invalid) {
      showErrors(invalid);
      return;
    }
    clearErrors();
    signup.mutate(
      { body: data },
      {
        onSuccess: () => setSentTo(data.email),
        onError: (error) => {
          showApiFailure(error, FIELDS, showErrors, setFormError);
        },
      },
    );
  }

  if (sentTo) {
    return (
      <CheckEmail email={sentTo} onRetry={() => setSentTo(null)}>
        Follow the link in it within 24 hours to choose your password and open {businessName.trim() || 'your business'}. If you already have an account with
        this address, the email says how to sign in instead.
      </CheckEmail>
    );
  }

  return (
    <>
      <div className="auth-card__intro">
        <h1 className="auth-card__title">Create your Slotwise account</h1>
        <p className="auth-card__text">Set up your business and take your first online booking in minutes.</p>
      </div>
      <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
        {formError && <Alert>{formError}</Alert>}
        <fieldset className="form__section">
          <legend className="form__legend">Your business</legend>
          <TextField
            label="Business name"
            name="tenantName"
            autoComplete="organization"
            required
            value={businessName}
            onChange={(event) => setBusinessName(event.target.value)}
            error={errors.tenantName}
          />
          <TextField
            label="Booking address"
            name="slug"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            required
            value={slug}
            onChange={(event) => setTypedSlug(event.target.value.toLowerCase().replace(/\s+/g, '-'))}
            error={errors.slug}
            hint={
              <>
                Customers book at{' '}
                <span className="slug-preview" data-testid="slug-preview">
                  {window.location.host}/book/<strong>{slug || 'your-business'}</strong>
                </span>
              </>
            }
          />
          <SelectField
            label="Time zone"
            name="timeZone"
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
            error={errors.timeZone}
            hint="Opening hours and bookings are shown in this time zone."
          >
            {timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {timeZoneLabel(zone)}
              </option>
            ))}
          </SelectField>
        </fieldset>
        <fieldset className="form__section">
          <legend className="form__legend">Your account</legend>
          <TextField label="Your name" name="name" autoComplete="name" required error={errors.name} />
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            error={errors.email}
            hint="We'll email you a link to choose your password."
          />
        </fieldset>
        <Button type="submit" variant="primary" className="form__submit" busy={signup.isPending}>
          {signup.isPending ? 'Creating your account…' : 'Create account'}
        </Button>
      </form>
      <p className="auth-card__footer">
        Already have an account? <Link to="/login">Sign in</Link>
      </p>
    </>
  );
}
