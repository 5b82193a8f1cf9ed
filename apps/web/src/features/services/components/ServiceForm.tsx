import { ZServiceCreate, ZServiceUpdate, type TCancellationPolicy, type TResource, type TService } from '@slotwise/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { ApiFailure } from '../../../lib/api';
import { type FieldErrors, showApiFailure, useFieldErrors, validateForm } from '../../../lib/forms';
import { Alert } from '../../../ui/Alert';
import { Button, buttonClassName } from '../../../ui/Button';
import { CheckboxField, TextAreaField, TextField } from '../../../ui/Field';
import { useCreateService, useUpdateService } from '../api';
import { formatDuration } from '../../../lib/format';
import { useSession } from '../../../lib/session';
import { PaymentTermsFields, paymentTermsBody, type PaymentTermsValues } from './PaymentTermsFields';
import { currencySymbol, minorToMajorInput, parseMajorToMinor } from '../../../lib/money-input';

const FIELDS = [
  'name',
  'description',
  'durationMin',
  'priceMinor',
  'bufferBeforeMin',
  'bufferAfterMin',
  'minNoticeMin',
  'maxAdvanceDays',
  'slotIntervalMin',
  'maxPerDay',
  'requiresPayment',
  'paymentMode',
  'depositMinor',
  'depositPercent',
  'cancellationPolicy',
  'freeCancellationHours',
  'lateRefundPercent',
  'resourceIds',
  'active',
] as const;
type Field = (typeof FIELDS)[number];

/** What the inputs hold: text as typed, so half-typed numbers survive re-renders. */
type Values = {
  name: string;
  description: string;
  durationMin: string;
  price: string;
  bufferBeforeMin: string;
  bufferAfterMin: string;
  minNoticeMin: string;
  maxAdvanceDays: string;
  slotIntervalMin: string;
  maxPerDay: string;
  requiresPayment: boolean;
  resourceIds: string[];
  active: boolean;
} & PaymentTermsValues;

/** The payment inputs of a service; a new one (or one following the business's policy) starts from the business's numbers. */
function paymentTermsOf(service: TService | undefined, businessPolicy: TCancellationPolicy): PaymentTermsValues {
  const policy = service?.cancellationPolicy ?? businessPolicy;
  return {
    paymentMode: service?.paymentMode ?? 'FULL',
    deposit: service?.depositMinor != null ? minorToMajorInput(service.depositMinor, service.currency) : '',
    depositPercent: service?.depositPercent != null ? String(service.depositPercent) : '',
    ownPolicy: Boolean(service?.cancellationPolicy),
    freeCancellationHours: String(policy.freeCancellationHours),
    lateRefundPercent: String(policy.lateRefundPercent),
  };
}

function initialValues(service: TService | undefined, resources: TResource[], businessPolicy: TCancellationPolicy): Values {
  if (!service) {
    return {
      name: '',
      description: '',
      durationMin: '60',
      price: '',
      bufferBeforeMin: '0',
      bufferAfterMin: '0',
      minNoticeMin: '60',
      maxAdvanceDays: '60',
      slotIntervalMin: '',
      maxPerDay: '',
      requiresPayment: false,
      ...paymentTermsOf(undefined, businessPolicy),
      // With a single resource there is nothing to choose.
      resourceIds: resources.length === 1 && resources[0] ? [resources[0].id] : [],
      active: true,
    };
  }
  return {
    name: service.name,
    description: service.description ?? '',
    durationMin: String(service.durationMin),
    price: minorToMajorInput(service.priceMinor, service.currency),
    bufferBeforeMin: String(service.bufferBeforeMin),
    bufferAfterMin: String(service.bufferAfterMin),
    minNoticeMin: String(service.minNoticeMin),
    maxAdvanceDays: String(service.maxAdvanceDays),
    slotIntervalMin: service.slotIntervalMin === service.durationMin ? '' : String(service.slotIntervalMin),
    maxPerDay: service.maxPerDay === null ? '' : String(service.maxPerDay),
    requiresPayment: service.requiresPayment,
    ...paymentTermsOf(service, businessPolicy),
    resourceIds: service.resourceIds,
    active: service.active,
  };
}

const toNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

type ServiceFormProps = {
  service?: TService;
  /** The business's currency; an existing service keeps its own. */
  currency: string;
  resources: TResource[];
  onSaved: (service: TService) => void;
};

/** Everything about a bookable service; validated with the API's own schema before sending. */
export function ServiceForm({ service, currency: tenantCurrency, resources, onSaved }: ServiceFormProps) {
  const create = useCreateService();
  const update = useUpdateService();
  const formRef = useRef<HTMLFormElement>(null);
  const { errors, showErrors, clearErrors, clearErrorOnChange } = useFieldErrors<Field>(formRef);
  const [formError, setFormError] = useState<string | null>(null);
  const businessPolicy = useSession().tenant.cancellationPolicy;
  const [values, setValues] = useState<Values>(() => initialValues(service, resources, businessPolicy));
  const currency = service?.currency ?? tenantCurrency;
  const saving = create.isPending || update.isPending;
  const resourcesLegendId = useId();
  const resourcesErrorId = useId();

  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((current) => ({ ...current, [key]: value }));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const priceMinor = values.price.trim() === '' ? 0 : parseMajorToMinor(values.price, currency);
    const durationMin = toNumber(values.durationMin);
    const terms = paymentTermsBody(values, currency);
    const body = {
      name: values.name,
      description: values.description.trim() === '' ? null : values.description,
      durationMin,
      priceMinor,
      currency,
      bufferBeforeMin: toNumber(values.bufferBeforeMin),
      bufferAfterMin: toNumber(values.bufferAfterMin),
      minNoticeMin: toNumber(values.minNoticeMin),
      maxAdvanceDays: toNumber(values.maxAdvanceDays),
      slotIntervalMin: toNumber(values.slotIntervalMin) ?? durationMin,
      maxPerDay: toNumber(values.maxPerDay) ?? null,
      requiresPayment: values.requiresPayment,
      ...terms.body,
      resourceIds: values.resourceIds,
      active: values.active,
    };
    const priceProblem: FieldErrors<Field> = priceMinor === undefined ? { priceMinor: `Enter an amount like ${minorToMajorInput(2500, currency)}` } : {};
    // Empty number fields stay undefined, for the schema to reject as "Required".
    const input = { ...body, priceMinor: priceMinor ?? 0 } as z.input<typeof ZServiceCreate>;
    const checked = service ? validateForm(ZServiceUpdate, input) : validateForm(ZServiceCreate, input);
    const invalid: FieldErrors<Field> = { ...depositErrors(checked.errors, values), ...terms.errors, ...priceProblem };
    if (!checked.data || Object.keys(invalid).length > 0) {
      showErrors(invalid);
      return;
    }
    clearErrors();
    const callbacks = {
      onSuccess: ({ body: saved }: { body: TService }) => onSaved(saved),
      onError: (error: ApiFailure) => {
        showApiFailure(error, FIELDS, showErrors, setFormError);
      },
    };
    if (service) update.mutate({ params: { id: service.id }, body: checked.data }, callbacks);
    else create.mutate({ body: checked.data as z.output<typeof ZServiceCreate> }, callbacks);
  }

  const duration = toNumber(values.durationMin);
  const typedPrice = values.price.trim() === '' ? 0 : parseMajorToMinor(values.price, currency);
  const notice = toNumber(values.minNoticeMin);

  return (
    <form ref={formRef} className="form service-form" noValidate onSubmit={handleSubmit} onChange={clearErrorOnChange}>
      {formError && <Alert>{formError}</Alert>}
      <fieldset className="form__section">
        <legend className="form__legend">What customers book</legend>
        <TextField
          label="Name"
          name="name"
          required
          autoComplete="off"
          placeholder="e.g. Haircut, 60-minute massage"
          value={values.name}
          onChange={(event) => set('name', event.target.value)}
          error={errors.name}
        />
        <TextAreaField
          label="Description"
          name="description"
          rows={3}
          maxLength={2000}
          hint="Optional. Shown on your booking page."
          value={values.description}
          onChange={(event) => set('description', event.target.value)}
          error={errors.description}
        />
        <div className="form-row">
          <TextField
            label="Duration (minutes)"
            name="durationMin"
            type="number"
            inputMode="numeric"
            min={5}
            max={1440}
            step={5}
            required
            value={values.durationMin}
            onChange={(event) => set('durationMin', event.target.value)}
            error={errors.durationMin}
            hint={duration && duration >= 60 ? formatDuration(duration) : undefined}
          />
          <div className="price-field">
            <TextField
              label={`Price (${currency})`}
              name="priceMinor"
              inputMode="decimal"
              autoComplete="off"
              placeholder={minorToMajorInput(0, currency)}
              value={values.price}
              onChange={(event) => set('price', event.target.value)}
              error={errors.priceMinor}
              hint="Leave empty for a free service."
            />
            <span className="price-field__symbol" aria-hidden="true">
              {currencySymbol(currency)}
            </span>
          </div>
        </div>
        <CheckboxField
          label="Payment required to book"
          name="requiresPayment"
          checked={values.requiresPayment}
          onChange={(event) => set('requiresPayment', event.target.checked)}
          hint="Customers pay by card when they book (connect Stripe in Settings → Payments)."
        />
        {values.requiresPayment && (
          <PaymentTermsFields
            values={values}
            set={(key, value) => setValues((current) => ({ ...current, [key]: value }))}
            errors={errors}
            currency={currency}
            priceMinor={typedPrice}
            businessPolicy={businessPolicy}
          />
        )}
      </fieldset>

      <fieldset className="form__section" aria-describedby={errors.resourceIds ? resourcesErrorId : undefined} aria-labelledby={resourcesLegendId}>
        <legend className="form__legend" id={resourcesLegendId}>
          Who or what provides it
        </legend>
        {resources.length === 0 ? (
          <Alert tone="info" title="Add a resource first">
            <p>
              A service needs at least one resource — a person, room or piece of equipment with hours. <Link to="/services/resources">Add a resource</Link>
            </p>
          </Alert>
        ) : (
          <div className={errors.resourceIds ? 'checkbox-list checkbox-list--invalid' : 'checkbox-list'}>
            {resources.map((resource) => (
              <label key={resource.id} className="checkbox-list__item">
                <input
                  type="checkbox"
                  name="resourceIds"
                  value={resource.id}
                  checked={values.resourceIds.includes(resource.id)}
                  aria-invalid={errors.resourceIds ? true : undefined}
                  onChange={(event) =>
                    set('resourceIds', event.target.checked ? [...values.resourceIds, resource.id] : values.resourceIds.filter((id) => id !== resource.id))
                  }
                />
                <span>{resource.name}</span>
                {!resource.active && <span className="checkbox-list__note">inactive</span>}
              </label>
            ))}
          </div>
        )}
        {errors.resourceIds && (
          <p className="field__error" id={resourcesErrorId}>
            {errors.resourceIds}
          </p>
        )}
      </fieldset>

      <fieldset className="form__section">
        <legend className="form__legend">Scheduling rules</legend>
        <div className="form-row">
          <TextField
            label="Buffer before (minutes)"
            name="bufferBeforeMin"
            type="number"
            inputMode="numeric"
            min={0}
            max={720}
            value={values.bufferBeforeMin}
            onChange={(event) => set('bufferBeforeMin', event.target.value)}
            error={errors.bufferBeforeMin}
          />
          <TextField
            label="Buffer after (minutes)"
            name="bufferAfterMin"
            type="number"
            inputMode="numeric"
            min={0}
            max={720}
            value={values.bufferAfterMin}
            onChange={(event) => set('bufferAfterMin', event.target.value)}
            error={errors.bufferAfterMin}
          />
          <TextField
            label="Start times every (minutes)"
            name="slotIntervalMin"
            type="number"
            inputMode="numeric"
            min={5}
            max={1440}
            placeholder={values.durationMin || '60'}
            value={values.slotIntervalMin}
            onChange={(event) => set('slotIntervalMin', event.target.value)}
            error={errors.slotIntervalMin}
            hint="Empty: same as the duration."
          />
        </div>
        <div className="form-row">
          <TextField
            label="Minimum notice (minutes)"
            name="minNoticeMin"
            type="number"
            inputMode="numeric"
            min={0}
            value={values.minNoticeMin}
            onChange={(event) => set('minNoticeMin', event.target.value)}
            error={errors.minNoticeMin}
            hint={notice && notice >= 60 ? `${formatDuration(notice)} before the start` : 'How soon before the start people can book.'}
          />
          <TextField
            label="Bookable up to (days ahead)"
            name="maxAdvanceDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={730}
            value={values.maxAdvanceDays}
            onChange={(event) => set('maxAdvanceDays', event.target.value)}
            error={errors.maxAdvanceDays}
          />
          <TextField
            label="Most bookings per day"
            name="maxPerDay"
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            placeholder="No limit"
            value={values.maxPerDay}
            onChange={(event) => set('maxPerDay', event.target.value)}
            error={errors.maxPerDay}
          />
        </div>
      </fieldset>

      <fieldset className="form__section">
        <legend className="form__legend">Availability</legend>
        <CheckboxField
          label="Customers can book this service"
          name="active"
          checked={values.active}
          onChange={(event) => set('active', event.target.checked)}
          hint="Turn off to hide it from your booking page for a while; existing bookings stay."
        />
      </fieldset>

      <div className="service-form__actions">
        <Button type="submit" variant="primary" busy={saving}>
          {saving ? 'Saving…' : service ? 'Save changes' : 'Add service'}
        </Button>
        <Link to="/services" className={buttonClassName('ghost')}>
          Cancel
        </Link>
      </div>
    </form>
  );
}

/** The contract's deposit rule names `paymentMode`; the message belongs beside the deposit field in use. */
function depositErrors(errors: FieldErrors<Field> | undefined, values: Values): FieldErrors<Field> {
  if (!errors?.paymentMode) return { ...errors };
  const { paymentMode: message, ...rest } = errors;
  const field = values.paymentMode === 'DEPOSIT_PERCENT' ? 'depositPercent' : 'depositMinor';
  return { [field]: rest[field] ?? message, ...rest };
}
