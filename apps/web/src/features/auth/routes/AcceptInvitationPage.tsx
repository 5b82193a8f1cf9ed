import { invitationPublicContract, type TRole } from '@slotwise/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { apiErrorStatus, describeApiError } from '../../../lib/api';
import { showApiFailure, useFieldErrors, validateForm } from '../../../lib/forms';
import { ROLE_LABELS } from '../../../lib/roles';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Alert } from '../../../ui/Alert';
import { Button, buttonClassName } from '../../../ui/Button';
import { ErrorState } from '../../../ui/ErrorState';
import { TextField } from '../../../ui/Field';
import { Skeleton } from '../../../ui/Spinner';
import { useAcceptInvitation, useInvitation } from '../api';

/** The accept body as the API checks it; a new account must also say who it is. */
const ZAcceptBody = invitationPublicContract.accept.body;
const ZNewAccount = ZAcceptBody.required({ name: true });
const ZExistingAccount = ZAcceptBody.pick({ password: true });

const FIELDS = ['name', 'password'] as const;
type Field = (typeof FIELDS)[number];

export function AcceptInvitationPage() {
  useDocumentTitle('Accept your invitation');
  const { token = '' } = useParams();
  const invitation = useInvitation(token);

  if (invitation.isPending) {
    return (
      <div className="auth-card__intro" aria-busy="true">
        <span className="visually-hidden" role="status">
          Loading your invitation…
        </span>
        <Skeleton width="70%" height="1.6em" />
        <Skeleton width="90%" />
        <Skeleton width="100%" height="40px" />
      </div>
    );
  }

  if (invitation.isError) {
    const status = apiErrorStatus(invitation.error);
    if (status === 404 || status === 400) {
      return (
        <>
          <div className="auth-card__intro">
            <h1 className="auth-card__title">This invitation is no longer valid</h1>
            <p className="auth-card__text">
              It may have been used already, revoked, or it expired. Ask the person who invited you to send a new one.
            </p>
          </div>
          <Link to="/login" className={buttonClassName('secondary')}>
            Go to sign in
          </Link>
        </>
      );
    }
    return (
      <ErrorState
        compact
        title="We couldn't load your invitation"
        message={describeApiError(invitation.error)}
        onRetry={() => void invitation.refetch()}
        retrying={invitation.isFetching}
      />
    );
  }

  return <AcceptForm token={token} {...invitation.data.body} />;
}

type AcceptFormProps = { token: string; tenantName: string; email: string; role: TRole; userExists: boolean };

function AcceptForm({ token, tenantName, email, role, userExists }: AcceptFormProps) {
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    const result = userExists
      ? validateForm(ZExistingAccount, { password })
      : validateForm(ZNewAccount, { name: String(form.get('name') ?? ''), password });
    setFormError(null);
    if (result.errors) {
      showErrors(result.errors);
      return;
    }
    clearErrors();
    accept.mutate(
      { params: { token }, body: result.data },
      {
        onSuccess: () => {
          toast.success(`You've joined ${tenantName}.`);
          void navigate('/', { replace: true });
        },
        onError: (error) => {
          if (apiErrorStatus(error) === 401) {
            showErrors({ password: `That isn't the password of ${email}.` });
          } else {
            showApiFailure(error, FIELDS, showErrors, setFormError);
          }
        },
      },
    );
  }

  return (
    <>
      <div className="auth-card__intro">
        <h1 className="auth-card__title">Join {tenantName}</h1>
        <p className="auth-card__text">
          You've been invited to {tenantName} as <strong>{ROLE_LABELS[role]}</strong>.{' '}
          {userExists
            ? 'Enter the password of your Slotwise account to accept.'
            : 'Choose a password to create your Slotwise account.'}
        </p>
      </div>
      <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
        {formError && <Alert>{formError}</Alert>}
        <TextField label="Email" name="email" type="email" value={email} readOnly autoComplete="username" />
        {!userExists && <TextField label="Your name" name="name" autoComplete="name" required error={errors.name} />}
        <TextField
          label={userExists ? 'Your password' : 'Choose a password'}
          name="password"
          type="password"
          autoComplete={userExists ? 'current-password' : 'new-password'}
          required
          error={errors.password}
          hint={userExists ? undefined : 'At least 10 characters.'}
        />
        <Button type="submit" variant="primary" className="form__submit" busy={accept.isPending}>
          {accept.isPending ? 'Joining…' : `Join ${tenantName}`}
        </Button>
      </form>
      {userExists && (
        <p className="auth-card__footer">
          Not you? The invitation is for {email}; ask for a new one sent to your address.
        </p>
      )}
    </>
  );
}
