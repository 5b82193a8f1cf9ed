import { ZTenantUpdate } from '@slotwise/contracts';
import { useState, type RefObject } from 'react';
import { toast } from 'sonner';
import type { z } from 'zod';
import { showApiFailure, useFieldErrors, validateForm } from '../../../lib/forms';
import { useUpdateTenant } from '../api';

export type TenantField = keyof z.input<typeof ZTenantUpdate>;

/**
 * One card of the settings page saves its own fields with PATCH /v1/tenant: validated with the
 * API's schema first, the API's field messages shown next to the fields after.
 */
export function useTenantSection<Field extends TenantField>(fields: readonly Field[], formRef: RefObject<HTMLFormElement | null>, savedMessage: string) {
  const update = useUpdateTenant();
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);

  function save(values: Pick<z.input<typeof ZTenantUpdate>, Field>) {
    setFormError(null);
    const { data, errors: invalid } = validateForm(ZTenantUpdate, values);
    if (invalid) {
      showErrors(invalid);
      return;
    }
    clearErrors();
    update.mutate(
      { body: data },
      {
        onSuccess: () => toast.success(savedMessage),
        onError: (error) => {
          showApiFailure(error, fields, showErrors, setFormError);
        },
      },
    );
  }

  return { errors, formError, save, saving: update.isPending, clearErrorOnChange };
}
