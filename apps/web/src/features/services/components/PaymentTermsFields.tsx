import { ZCancellationPolicy, type TCancellationPolicy, type TPaymentMode, type ZServiceCreate } from '@slotwise/contracts';
import { useId } from 'react';
import { describeCancellationPolicy, percentOfMinor } from '../../../lib/cancellation-policy';
import { formatMoney } from '../../../lib/format';
import { currencySymbol, minorToMajorInput, parseMajorToMinor } from '../../../lib/money-input';
import type { z } from 'zod';
import { validateForm } from '../../../lib/forms';
import { TextField } from '../../../ui/Field';

const toNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** What the payment inputs hold: text as typed. */
export type PaymentTermsValues = {
  paymentMode: TPaymentMode;
  deposit: string;
  depositPercent: string;
  ownPolicy: boolean;
  freeCancellationHours: string;
  lateRefundPercent: string;
};

export type PaymentTermsErrors = Partial<Record<'depositMinor' | 'depositPercent' | 'freeCancellationHours' | 'lateRefundPercent', string>>;

const MODES: { value: TPaymentMode; label: string }[] = [
  { value: 'FULL', label: 'Full price' },
  { value: 'DEPOSIT_FIXED', label: 'Fixed deposit' },
  { value: 'DEPOSIT_PERCENT', label: 'Percentage deposit' },
];

type Props = {
  values: PaymentTermsValues;
  set: <K extends keyof PaymentTermsValues>(key: K, value: PaymentTermsValues[K]) => void;
  errors: PaymentTermsErrors;
  currency: string;
  /** The price as typed, for the "€20 now, €60 at the venue" preview. */
  priceMinor: number | undefined;
  /** The business's policy, which the service follows unless it has its own. */
  businessPolicy: TCancellationPolicy;
};

/**
 * A paid service's terms: what is charged online (the price, a fixed deposit or a percentage of
 * the price, the rest paid at the venue) and its cancellation policy (the business's or its own).
 */
export function PaymentTermsFields({ values, set, errors, currency, priceMinor, businessPolicy }: Props) {
  const id = useId();
  const ownPolicy = toPolicy(values);
  const deposit = depositPreview(values, currency, priceMinor);
  return (
    <>
      <fieldset className="form__subsection" aria-describedby={`${id}-deposit`}>
        <legend className="field__label">Online payment</legend>
        <div className="choice-row">
          {MODES.map((mode) => (
            <label key={mode.value} className="choice">
              <input
                type="radio"
                name="paymentMode"
                value={mode.value}
                checked={values.paymentMode === mode.value}
                onChange={() => set('paymentMode', mode.value)}
              />
              {mode.label}
            </label>
          ))}
        </div>
        {values.paymentMode === 'DEPOSIT_FIXED' && (
          <div className="form-row">
            <div className="price-field">
              <TextField
                label={`Deposit (${currency})`}
                name="depositMinor"
                inputMode="decimal"
                autoComplete="off"
                placeholder={minorToMajorInput(2000, currency)}
                value={values.deposit}
                onChange={(event) => set('deposit', event.target.value)}
                error={errors.depositMinor}
              />
              <span className="price-field__symbol" aria-hidden="true">
                {currencySymbol(currency)}
              </span>
            </div>
          </div>
        )}
        {values.paymentMode === 'DEPOSIT_PERCENT' && (
          <div className="form-row">
            <TextField
              label="Deposit (% of the price)"
              name="depositPercent"
              type="number"
              inputMode="numeric"
              min={1}
              max={99}
              value={values.depositPercent}
              onChange={(event) => set('depositPercent', event.target.value)}
              error={errors.depositPercent}
            />
          </div>
        )}
        <p className="field__hint" id={`${id}-deposit`}>
          {deposit ??
            (values.paymentMode === 'FULL'
              ? 'Customers pay the whole price by card when they book.'
              : 'Customers pay the deposit by card when they book and the rest at the venue.')}
        </p>
      </fieldset>

      <fieldset className="form__subsection">
        <legend className="field__label">Cancellation policy</legend>
        <div className="choice-row">
          <label className="choice">
            <input type="radio" name="ownPolicy" value="no" checked={!values.ownPolicy} onChange={() => set('ownPolicy', false)} />
            Business default
          </label>
          <label className="choice">
            <input type="radio" name="ownPolicy" value="yes" checked={values.ownPolicy} onChange={() => set('ownPolicy', true)} />
            Own policy
          </label>
        </div>
        {values.ownPolicy && (
          <div className="form-row">
            <TextField
              label="Free cancellation until (hours before)"
              name="freeCancellationHours"
              type="number"
              inputMode="numeric"
              min={0}
              max={1440}
              value={values.freeCancellationHours}
              onChange={(event) => set('freeCancellationHours', event.target.value)}
              error={errors.freeCancellationHours}
            />
            <TextField
              label="After that, refund (%)"
              name="lateRefundPercent"
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              value={values.lateRefundPercent}
              onChange={(event) => set('lateRefundPercent', event.target.value)}
              error={errors.lateRefundPercent}
            />
          </div>
        )}
        <p className="field__hint" data-testid="policy-preview">
          {values.ownPolicy
            ? ownPolicy
              ? describeCancellationPolicy(ownPolicy)
              : 'Enter the hours and the percentage.'
            : `Your business’s policy (Settings): ${describeCancellationPolicy(businessPolicy)}`}
        </p>
      </fieldset>
    </>
  );
}

/** The service's own policy from the inputs, when both numbers are whole and in range. */
export function toPolicy(values: Pick<PaymentTermsValues, 'freeCancellationHours' | 'lateRefundPercent'>): TCancellationPolicy | undefined {
  const hours = Number(values.freeCancellationHours);
  const percent = Number(values.lateRefundPercent);
  if (values.freeCancellationHours.trim() === '' || values.lateRefundPercent.trim() === '') return undefined;
  if (!Number.isInteger(hours) || !Number.isInteger(percent) || hours < 0 || hours > 1440 || percent < 0 || percent > 100) return undefined;
  return { freeCancellationHours: hours, lateRefundPercent: percent };
}

/** "Customers pay €20.00 when they book and €60.00 at the venue." for a deposit whose numbers make sense. */
function depositPreview(values: PaymentTermsValues, currency: string, priceMinor: number | undefined): string | undefined {
  if (values.paymentMode === 'FULL' || !priceMinor) return undefined;
  const now =
    values.paymentMode === 'DEPOSIT_FIXED'
      ? parseMajorToMinor(values.deposit, currency)
      : Number.isInteger(Number(values.depositPercent)) && values.depositPercent.trim() !== ''
        ? percentOfMinor(priceMinor, Number(values.depositPercent), currency)
        : undefined;
  if (now === undefined || now <= 0 || now >= priceMinor) return undefined;
  return `Customers pay ${formatMoney(now, currency)} when they book and ${formatMoney(priceMinor - now, currency)} at the venue.`;
}

/**
 * The payment fields of the request: what is charged online and the service's own policy (null:
 * the business's). A free service asks for nothing online, so it keeps no deposit. The policy's
 * numbers are checked with the contract's schema here, to show its messages beside each number.
 */
export function paymentTermsBody(
  values: PaymentTermsValues & { requiresPayment: boolean },
  currency: string,
): { body: Partial<z.input<typeof ZServiceCreate>>; errors: PaymentTermsErrors } {
  const paymentMode = values.requiresPayment ? values.paymentMode : 'FULL';
  const errors: PaymentTermsErrors = {};
  let depositMinor: number | null = null;
  if (paymentMode === 'DEPOSIT_FIXED') {
    depositMinor = values.deposit.trim() === '' ? null : (parseMajorToMinor(values.deposit, currency) ?? null);
    if (values.deposit.trim() !== '' && depositMinor === null) errors.depositMinor = `Enter an amount like ${minorToMajorInput(2000, currency)}`;
  }
  const depositPercent = paymentMode === 'DEPOSIT_PERCENT' ? (toNumber(values.depositPercent) ?? null) : null;
  let cancellationPolicy: TCancellationPolicy | null = null;
  if (values.requiresPayment && values.ownPolicy) {
    const policy = { freeCancellationHours: toNumber(values.freeCancellationHours), lateRefundPercent: toNumber(values.lateRefundPercent) };
    const checked = validateForm(ZCancellationPolicy, policy as z.input<typeof ZCancellationPolicy>);
    if (checked.errors) Object.assign(errors, checked.errors);
    else cancellationPolicy = checked.data;
  }
  return { body: { paymentMode, depositMinor, depositPercent, cancellationPolicy }, errors };
}
