import { invalidRequest } from './errors';

/**
 * Stripe's currency rules: amounts are integers in the currency's smallest unit; zero-decimal
 * currencies (JPY, KRW, …) have no minor unit, three-decimal ones must be sent rounded to tens,
 * and a charge has a minimum amount in some currencies.
 */

export const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
export const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

const OTHER_SUPPORTED = [
  'usd',
  'aed',
  'afn',
  'all',
  'amd',
  'ang',
  'aoa',
  'ars',
  'aud',
  'awg',
  'azn',
  'bam',
  'bbd',
  'bdt',
  'bgn',
  'bmd',
  'bnd',
  'bob',
  'brl',
  'bsd',
  'bwp',
  'byn',
  'bzd',
  'cad',
  'cdf',
  'chf',
  'cny',
  'cop',
  'crc',
  'cve',
  'czk',
  'dkk',
  'dop',
  'dzd',
  'egp',
  'etb',
  'eur',
  'fjd',
  'fkp',
  'gbp',
  'gel',
  'gip',
  'gmd',
  'gtq',
  'gyd',
  'hkd',
  'hnl',
  'htg',
  'huf',
  'idr',
  'ils',
  'inr',
  'isk',
  'jmd',
  'kes',
  'kgs',
  'khr',
  'kyd',
  'kzt',
  'lak',
  'lbp',
  'lkr',
  'lrd',
  'lsl',
  'mad',
  'mdl',
  'mkd',
  'mmk',
  'mnt',
  'mop',
  'mur',
  'mvr',
  'mwk',
  'mxn',
  'myr',
  'mzn',
  'nad',
  'ngn',
  'nio',
  'nok',
  'npr',
  'nzd',
  'pab',
  'pen',
  'pgk',
  'php',
  'pkr',
  'pln',
  'qar',
  'ron',
  'rsd',
  'rub',
  'sar',
  'sbd',
  'scr',
  'sek',
  'sgd',
  'shp',
  'sle',
  'sos',
  'srd',
  'std',
  'szl',
  'thb',
  'tjs',
  'top',
  'try',
  'ttd',
  'twd',
  'tzs',
  'uah',
  'uyu',
  'uzs',
  'wst',
  'xcd',
  'yer',
  'zar',
  'zmw',
];

const SUPPORTED = new Set([...OTHER_SUPPORTED, ...ZERO_DECIMAL, ...THREE_DECIMAL]);

/** Minimum charge amounts in minor units, for the currencies Stripe lists. */
const MINIMUM: Record<string, number> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

export function minorUnitDigits(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** Lower-cases and checks a currency code; Stripe answers "Invalid currency" for unknown ones. */
export function parseCurrency(value: string, param: string): string {
  const currency = value.toLowerCase();
  if (!SUPPORTED.has(currency))
    throw invalidRequest(
      `Invalid currency: ${value}. Stripe currently supports these currencies: ${[...SUPPORTED].sort().join(', ')}`,
      param,
      'invalid_currency',
    );
  return currency;
}

/** Checks an amount already known to be an integer against the currency's rules. */
export function checkAmount(amount: number, currency: string, param: string): void {
  if (THREE_DECIMAL.has(currency) && amount % 10 !== 0) {
    throw invalidRequest(
      `Invalid amount for ${currency.toUpperCase()}: the last digit must be 0 (amounts in three-decimal currencies are rounded to the nearest ten).`,
      param,
      'amount_invalid',
    );
  }
}

export function checkMinimum(total: number, currency: string, param: string): void {
  const min = MINIMUM[currency];
  if (min !== undefined && total < min) {
    throw invalidRequest(`The Checkout Session's total amount due must add up to at least ${formatAmount(min, currency)}`, param, 'amount_too_small');
  }
}

/** An amount in minor units as a person reads it, e.g. `$12.50`, `¥1,000`. */
export function formatAmount(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const value = amount / 10 ** digits;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${currency.toUpperCase()}`;
  }
}
