import type { TPaymentMode } from '@slotwise/contracts';
import { currencyStep, percentOfMinor } from './cancellation-policy';

/**
 * Stripe's minimum charge per currency, in minor units (docs.stripe.com/currencies, "Minimum and
 * maximum charge amounts"); a currency not listed needs at least its smallest step. A percentage
 * deposit is never below it: Stripe would refuse the Checkout Session.
 */
const STRIPE_MINIMUM_CHARGE: Record<string, number> = {
  USD: 50,
  AED: 200,
  AUD: 50,
  BGN: 100,
  BRL: 50,
  CAD: 50,
  CHF: 50,
  CZK: 1500,
  DKK: 250,
  EUR: 50,
  GBP: 30,
  HKD: 400,
  HUF: 17500,
  INR: 50,
  JPY: 50,
  MXN: 1000,
  MYR: 200,
  NOK: 300,
  NZD: 50,
  PLN: 200,
  RON: 200,
  SEK: 300,
  SGD: 50,
  THB: 1000,
};

export function minimumChargeMinor(currency: string): number {
  return STRIPE_MINIMUM_CHARGE[currency.toUpperCase()] ?? currencyStep(currency);
}

/** What a service asks to be paid online, as its catalog row has it. */
export type PaymentTerms = {
  priceMinor: number;
  currency: string;
  paymentMode: TPaymentMode;
  depositMinor: number | null;
  depositPercent: number | null;
};

/**
 * What Checkout charges for a paid service: FULL the price; DEPOSIT_FIXED the fixed amount;
 * DEPOSIT_PERCENT `price × percent / 100` rounded half up to the currency's step and at least
 * Stripe's minimum charge. A deposit that would reach the price is the price, charged as FULL
 * (nothing would be left to pay at the venue).
 */
export function chargeOnline(s: PaymentTerms): { kind: 'FULL' | 'DEPOSIT'; amountMinor: number } {
  let deposit: number | null = null;
  if (s.paymentMode === 'DEPOSIT_FIXED' && s.depositMinor !== null) deposit = s.depositMinor;
  if (s.paymentMode === 'DEPOSIT_PERCENT' && s.depositPercent !== null)
    deposit = Math.max(percentOfMinor(s.priceMinor, s.depositPercent, s.currency), minimumChargeMinor(s.currency));
  return deposit !== null && deposit < s.priceMinor ? { kind: 'DEPOSIT', amountMinor: deposit } : { kind: 'FULL', amountMinor: s.priceMinor };
}
