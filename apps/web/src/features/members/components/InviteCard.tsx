import { ROLES, tenantContract, type TRole } from '@slotwise/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { showApiFailure, useFieldErrors, validateForm, formText } from '../../../lib/forms';
import { ROLE_LABELS } from '../../../lib/roles';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { Card } from '../../../ui/Card';
import { SelectField, TextField } from '../../../ui/Field';
import { useInvite } from '../api';
import { formatMediumDateTime } from '../../../lib/time';

const ZInviteBody = tenantContract.invite.body;
const FIELDS = ['email', 'role'] as const;
type Field = (typeof FIELDS)[number];

type CreatedInvitation = { email: string; expiresAt: string };

/** Owners invite someone by email and role; the invitee gets the link by email. */
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
      email: formText(values, 'email'),
      role: formText(values, 'role') as TRole,
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
          setCreated({ email: body.email, expiresAt: body.expiresAt });
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
        {created && <InvitationSent invitation={created} />}
      </div>
    </Card>
  );
}

/**
 * The link goes only to the invitee's mailbox, never to the owner: following it is what shows
 * the address belongs to the person joining, so an invitation cannot claim someone's address.
 */
function InvitationSent({ invitation }: { invitation: CreatedInvitation }) {
  const { email, expiresAt } = invitation;
  return (
    <Alert tone="success" title={`Invitation emailed to ${email}`}>
      <p>
        The link in it works once, until <time dateTime={expiresAt}>{formatMediumDateTime(expiresAt)}</time>. If it does not arrive, check the address with them
        and send it again from the pending invitations.
      </p>
    </Alert>
  );
}
