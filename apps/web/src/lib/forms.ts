import { useCallback, useEffect, useState, type FormEvent, type RefObject } from 'react';
import type { input, output, ZodErrorMap, ZodTypeAny } from 'zod';
import { apiFieldErrors, describeApiError, type ApiFailure } from './api';

/** One message per field, keyed by the field's name. */
export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

/** The names of a form schema's fields. */
export type FieldsOf<Schema extends ZodTypeAny> = keyof input<Schema> & string;

/**
 * Zod's generic wording ("String must contain at least 1 character(s)") rewritten for people.
 * Messages the contract's schemas set themselves take precedence over this map.
 */
const friendlyMessages: ZodErrorMap = (issue, ctx) => {
  if (issue.code === 'too_small' && issue.type === 'string' && issue.minimum === 1) return { message: 'Required' };
  if (issue.code === 'too_big' && issue.type === 'string') return { message: `At most ${issue.maximum} characters` };
  if (issue.code === 'too_small' && issue.type === 'number') return { message: `At least ${issue.minimum}` };
  if (issue.code === 'too_big' && issue.type === 'number') return { message: `At most ${issue.maximum}` };
  if (issue.code === 'invalid_type' && (issue.received === 'undefined' || issue.received === 'nan')) return { message: 'Required' };
  if (issue.code === 'invalid_type' && issue.expected === 'integer') return { message: 'A whole number' };
  return { message: ctx.defaultError };
};

type Validation<Schema extends ZodTypeAny> = { data: output<Schema>; errors?: undefined } | { data?: undefined; errors: FieldErrors<FieldsOf<Schema>> };

/** Checks a form's values with the same schema the API uses; keeps the first message per field. */
export function validateForm<Schema extends ZodTypeAny>(schema: Schema, values: input<Schema>): Validation<Schema> {
  const result = schema.safeParse(values, { errorMap: friendlyMessages });
  if (result.success) return { data: result.data as output<Schema> };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && !(field in errors)) errors[field] = issue.message;
  }
  return { errors: errors as FieldErrors<FieldsOf<Schema>> };
}

/**
 * The API's messages for the fields this form shows. `unmatched` is true when the API named
 * none of them, so the caller should show the error at the top of the form instead.
 */
function serverFieldErrors<Field extends string>(error: ApiFailure, fields: readonly Field[]): { errors: FieldErrors<Field>; unmatched: boolean } {
  const all = apiFieldErrors(error);
  const errors: FieldErrors<Field> = {};
  for (const field of fields) {
    if (all[field]) errors[field] = all[field];
  }
  return { errors, unmatched: Object.keys(errors).length === 0 };
}

/**
 * Shows an API failure on a form: the messages for its own fields beside them, and the whole
 * error at the top of the form when the API named none of those fields.
 */
export function showApiFailure<Field extends string>(
  error: ApiFailure,
  fields: readonly Field[],
  showErrors: (errors: FieldErrors<Field>) => void,
  setFormError: (message: string) => void,
): void {
  const server = serverFieldErrors(error, fields);
  showErrors(server.errors);
  if (server.unmatched) setFormError(describeApiError(error));
}

/**
 * The field messages of a form. Showing messages moves focus to the first field that has one;
 * typing in a field takes back the message about it.
 */
export function useFieldErrors<Field extends string>(formRef: RefObject<HTMLFormElement | null>) {
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [timesShown, setTimesShown] = useState(0);

  useEffect(() => {
    if (timesShown > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [timesShown, formRef]);

  const showErrors = useCallback((next: FieldErrors<Field>) => {
    setErrors(next);
    setTimesShown((count) => count + 1);
  }, []);

  const clearErrors = useCallback(() => setErrors({}), []);

  /** For the form's onChange, which sees every field's changes. */
  const clearErrorOnChange = useCallback((event: FormEvent<HTMLFormElement>) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement)) return;
    const field = target.name as Field;
    setErrors((current) => {
      if (!current[field]) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });
  }, []);

  return { errors, showErrors, clearErrors, clearErrorOnChange };
}

/** A text field's value from FormData ('' when absent; a file input is not text). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
