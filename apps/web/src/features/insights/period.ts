import { INSIGHTS_MAX_DAYS, insightsPeriodDays } from '@slotwise/contracts';
import { addDays, addMonthsToIsoMonth, firstDayOfMonth, isIsoDate, lastDayOfMonth, monthOf, type IsoDate } from '../../lib/time';

/** A period of the revenue view: local dates in the business's zone, both included. */
export type Period = { from: IsoDate; to: IsoDate };

export const PERIOD_PRESETS = ['this-month', 'last-month', 'last-30-days', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const PRESET_LABELS: Record<PeriodPreset, string> = {
  'this-month': 'This month',
  'last-month': 'Last month',
  'last-30-days': 'Last 30 days',
  custom: 'Custom',
};

export const isPeriodPreset = (value: string | null): value is PeriodPreset => value !== null && (PERIOD_PRESETS as readonly string[]).includes(value);

/**
 * The dates of a preset on `today` (the business's today): this month and last month are whole
 * calendar months (this month's upcoming bookings count too), the last 30 days end today.
 */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: IsoDate): Period {
  const month = monthOf(today);
  switch (preset) {
    case 'this-month':
      return { from: firstDayOfMonth(month), to: lastDayOfMonth(month) };
    case 'last-month': {
      const last = addMonthsToIsoMonth(month, -1);
      return { from: firstDayOfMonth(last), to: lastDayOfMonth(last) };
    }
    case 'last-30-days':
      return { from: addDays(today, -29), to: today };
  }
}

/** Why a custom period cannot be asked for (the API's own rules), or null when it can. */
export function customPeriodProblem(from: string, to: string): string | null {
  if (!isIsoDate(from) || !isIsoDate(to)) return 'Choose a first and a last day.';
  const days = insightsPeriodDays(from, to);
  if (days < 1) return 'The last day comes before the first.';
  if (days > INSIGHTS_MAX_DAYS) return `Choose at most ${INSIGHTS_MAX_DAYS} days.`;
  return null;
}
