import { invitationPublicContract, type TRole } from '@slotwise/contracts';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { apiErrorStatus, describeApiError } from '../../../lib/api';
import { showApiFailure, useFieldErrors, validateForm, formText } from '../../../lib/forms';
import { ROLE_LABELS } from '../../../lib/roles';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { Alert } from '../../../ui/Alert';
import { Button, buttonClassName } from '../../../ui/Button';
import { ErrorState } from '../../../ui/ErrorState';
import { TextField } from '../../../ui/Field';
import { Skeleton } from '../../../ui/Spinner';
import { useAcceptInvitation, useInvitation, useLogout } from '../api';
import { loginPathFor } from '../redirect';
import { NewPasswordField } from '../components/NewPasswordField';

/** The accept body as the API checks it; a new account says who it is and chooses a password. */
const ZNewAccount = invitationPublicContract.accept.body.required({ name: true, password: true });

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
            <p className="auth-card__text">It may have been used already, revoked, or it expired. Ask the person who invited you to send a new one.</p>
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

  const { userExists, signedInAs, ...details } = invitation.data.body;
  return userExists ? <AcceptAsAccount token={token} signedInAs={signedInAs} {...details} /> : <AcceptForm token={token} {...details} />;
}

type InvitationProps = { token: string; tenantName: string; email: string; role: TRole };

function Intro({ tenantName, role, children }: { tenantName: string; role: TRole; children: ReactNode }) {
  return (
    <div className="auth-card__intro">
      <h1 className="auth-card__title">Join {tenantName}</h1>
      <p className="auth-card__text">
        You've been invited to {tenantName} as <strong>{ROLE_LABELS[role]}</strong>. {children}
      </p>
    </div>
  );
}

/**
 * The address already has an account: that account accepts, signed in. Being invited never
 * signs anyone in as an existing account, so this page sends them to sign in and back here.
 */
function AcceptAsAccount({ token, tenantName, email, role, signedInAs }: InvitationProps & { signedInAs: string | null }) {
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const accept = useAcceptInvitation();
  const [formError, setFormError] = useState<string | null>(null);
  const signInPath = loginPathFor(location);

  if (!signedInAs) {
    return (
      <>
        <Intro tenantName={tenantName} role={role}>
          {email} already has a Slotwise account: sign in to it to accept.
        </Intro>
        <Link to={signInPath} className={buttonClassName('primary')}>
          Sign in as {email}
        </Link>
      </>
    );
  }

  if (signedInAs !== email) {
    return (
      <>
        <Intro tenantName={tenantName} role={role}>
          The invitation is for {email}, and you're signed in as {signedInAs}.
        </Intro>
        <Button variant="primary" busy={logout.isPending} onClick={() => logout.mutate({}, { onSuccess: () => void navigate(signInPath) })}>
          Sign out and sign in as {email}
        </Button>
      </>
    );
  }

  function join() {
    setFormError(null);
    accept.mutate(
      { params: { token }, body: {} },
      {
        onSuccess: () => {
          toast.success(`You've joined ${tenantName}.`);
          void navigate('/', { replace: true });
        },
        onError: (error) => setFormError(describeApiError(error)),
      },
    );
  }

  return (
    <>
      <Intro tenantName={tenantName} role={role}>
        You're signed in as {email}.
      </Intro>
      {formError && <Alert>{formError}</Alert>}
      <Button variant="primary" className="form__submit" busy={accept.isPending} onClick={join}>
        {accept.isPending ? 'Joining…' : `Join ${tenantName}`}
      </Button>
    </>
  );
}

const FIELDS = ['name', 'password'] as const;
type Field = (typeof FIELDS)[number];

/** A new person: the link reached their address, so the account it creates counts as verified. */
function AcceptForm({ token, tenantName, email, role }: InvitationProps) {
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = validateForm(ZNewAccount, { name: formText(form, 'name'), password: formText(form, 'password') });
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
        onError: (error) => showApiFailure(error, FIELDS, showErrors, setFormError),
      },
    );
  }

  return (
    <>
      <Intro tenantName={tenantName} role={role}>
        Choose a password to create your Slotwise account.
      </Intro>
      <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
        {formError && <Alert>{formError}</Alert>}
        <TextField label="Email" name="email" type="email" value={email} readOnly autoComplete="username" />
        <TextField label="Your name" name="name" autoComplete="name" required error={errors.name} />
        <NewPasswordField label="Choose a password" error={errors.password} />
        <Button type="submit" variant="primary" className="form__submit" busy={accept.isPending}>
          {accept.isPending ? 'Joining…' : `Join ${tenantName}`}
        </Button>
      </form>
    </>
  );
}
