import { ZResourceInput, type TResource } from '@slotwise/contracts';
import { useRef, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import type { ApiFailure } from '../../../lib/api';
import { showApiFailure, useFieldErrors, validateForm, formText } from '../../../lib/forms';
import { Alert } from '../../../ui/Alert';
import { Button } from '../../../ui/Button';
import { CheckboxField, SelectField, TextField } from '../../../ui/Field';
import { useMembers } from '../../../lib/members';
import { useCreateResource, useUpdateResource } from '../api';
import { timeZoneChoices, timeZoneLabel } from '../../../lib/time';

const FIELDS = ['name', 'timeZone', 'userId', 'active'] as const;
type Field = (typeof FIELDS)[number];

type ResourceFormProps = {
  /** The resource to edit; without it the form adds a new one. */
  resource?: TResource;
  /** Where a new resource's time zone starts: the business's. */
  defaultTimeZone: string;
  onSaved?: (resource: TResource) => void;
};

/** Name, time zone, the member it stands for (if a person) and whether it takes bookings. */
export function ResourceForm({ resource, defaultTimeZone, onSaved }: ResourceFormProps) {
  const create = useCreateResource();
  const update = useUpdateResource();
  const members = useMembers();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);
  const [timeZones] = useState(() => timeZoneChoices([resource?.timeZone ?? defaultTimeZone]));
  // Controlled: the members arrive after the first render, and the choice must survive that.
  const [userId, setUserId] = useState(resource?.userId ?? '');
  const saving = create.isPending || update.isPending;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const { data, errors: invalid } = validateForm(ZResourceInput, {
      name: formText(values, 'name'),
      timeZone: formText(values, 'timeZone'),
      userId: userId || null,
      active: values.get('active') === 'on',
    });
    setFormError(null);
    if (invalid) {
      showErrors(invalid);
      return;
    }
    clearErrors();
    const callbacks = {
      onSuccess: ({ body }: { body: TResource }) => {
        toast.success(resource ? `${body.name} saved.` : `${body.name} added.`);
        if (!resource) {
          form.reset();
          setUserId('');
        }
        onSaved?.(body);
      },
      onError: (error: ApiFailure) => {
        showApiFailure(error, FIELDS, showErrors, setFormError);
      },
    };
    if (resource) update.mutate({ params: { id: resource.id }, body: data }, callbacks);
    else create.mutate({ body: data }, callbacks);
  }

  return (
    <form ref={formRef} className="form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
      {formError && <Alert>{formError}</Alert>}
      <TextField
        label="Name"
        name="name"
        required
        defaultValue={resource?.name}
        placeholder="e.g. Ana, Room 2, Massage chair"
        autoComplete="off"
        error={errors.name}
      />
      <SelectField
        label="Time zone"
        name="timeZone"
        defaultValue={resource?.timeZone ?? defaultTimeZone}
        error={errors.timeZone}
        hint="Weekly hours are read in this zone."
      >
        {timeZones.map((zone) => (
          <option key={zone} value={zone}>
            {timeZoneLabel(zone)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Linked member"
        name="userId"
        value={userId}
        onChange={(event) => setUserId(event.target.value)}
        error={errors.userId}
        hint={members.isError ? 'Members could not be loaded; you can link one later.' : 'Optional: the team member this resource is.'}
      >
        <option value="">Nobody</option>
        {members.data?.body.items.map((member) => (
          <option key={member.id} value={member.user.id}>
            {member.user.name}
          </option>
        ))}
        {/* Keeps a linked member shown while the list loads. */}
        {userId && !members.data && <option value={userId}>Linked member</option>}
      </SelectField>
      <CheckboxField
        label="Takes bookings"
        name="active"
        defaultChecked={resource?.active ?? true}
        hint="Inactive resources keep their bookings but get no new ones."
      />
      <div>
        <Button type="submit" variant="primary" busy={saving}>
          {saving ? 'Saving…' : resource ? 'Save changes' : 'Add resource'}
        </Button>
      </div>
    </form>
  );
}
