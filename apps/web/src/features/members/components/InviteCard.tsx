import { ROLES, tenantContract, type TRole } from '@slotwise/contracts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { showApiFailure, useFieldErrors, validateForm } from '../../../lib/forms';
import { ROLE_LABELS } from '../../../lib/roles';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { SelectField, TextField } from '../../../ui/Field';
import { CheckIcon, CopyIcon } from '../../../ui/icons';
import { useInvite } from '../api';

const ZInviteBody = tenantContract.invite.body;
const FIELDS = ['email', 'role'] as const;
type Field = (typeof FIELDS)[number];

type CreatedInvitation = { email: string; acceptUrl: string | undefined; expiresAt: string };

/** Owners invite someone by email and role; until emails are sent, they pass the link on. */
export function InviteCard() {
  const invite = useInvite();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const { data, errors: invalid } = validateForm(ZInviteBody, {
      email: String(values.get('email') ?? ''),
      role: String(values.get('role') ?? '') as TRole,
    });
    setFormError(null);
    if (invalid) {
      showErrors(invalid);
      return;
    }
    clearErrors();
    invite.mutate(
      { body: data },
      {
        onSuccess: ({ body }) => {
          setCreated({ email: body.email, acceptUrl: body.acceptUrl, expiresAt: body.expiresAt });
          form.reset();
        },
        onError: (error) => {
          showApiFailure(error, FIELDS, showErrors, setFormError);
        },
      },
    );
  }

  return (
    <Card title="Invite someone">
      <div className="invite">
        <form ref={formRef} className="form invite__form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
          {formError && <Alert>{formError}</Alert>}
          <TextField label="Email" name="email" type="email" autoComplete="off" required error={errors.email} />
          <SelectField label="Role" name="role" defaultValue="STAFF" error={errors.role} hint="Only owners can manage members and settings.">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </SelectField>
          <div>
            <Button type="submit" variant="primary" busy={invite.isPending}>
              {invite.isPending ? 'Creating invitation…' : 'Create invitation'}
            </Button>
          </div>
        </form>
        {created && <InvitationLink invitation={created} />}
      </div>
    </Card>
  );
}

const expiryFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function InvitationLink({ invitation }: { invitation: CreatedInvitation }) {
  const { email, acceptUrl, expiresAt } = invitation;
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (copy !== 'copied') return;
    const timer = setTimeout(() => setCopy('idle'), 2500);
    return () => clearTimeout(timer);
  }, [copy]);

  if (!acceptUrl) {
    return <Alert tone="success" title={`Invitation for ${email} created`} />;
  }

  async function copyLink(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setCopy('copied');
    } catch {
      // No clipboard access (permissions, insecure origin): select the link for a manual copy.
      inputRef.current?.select();
      setCopy('failed');
    }
  }

  return (
    <Alert tone="success" title={`Invitation for ${email} created`}>
      <p>
        We've emailed them this link. It works once, until <time dateTime={expiresAt}>{expiryFormat.format(new Date(expiresAt))}</time>; you can also
        pass it on yourself.
      </p>
      <div className="copy-link">
        <label htmlFor={inputId} className="visually-hidden">
          Accept link for {email}
        </label>
        <input
          ref={inputRef}
          id={inputId}
          className="field__control copy-link__input"
          readOnly
          value={acceptUrl}
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button onClick={() => void copyLink(acceptUrl)}>
          {copy === 'copied' ? <CheckIcon size={16} /> : <CopyIcon size={16} />}
          {copy === 'copied' ? 'Copied' : 'Copy link'}
        </Button>
      </div>
      {copy === 'failed' && <p>Copying isn't allowed here; the link is selected, so press Ctrl+C (⌘C on a Mac).</p>}
    </Alert>
  );
}
