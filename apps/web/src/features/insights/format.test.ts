import { describe, expect, it } from 'vitest';
import { axisStep, formatRate, hourLabel, minorToDecimal, shareOf } from './format';
import { customPeriodProblem, presetPeriod } from './period';

describe('insights formatting', () => {
  it('formats rates as percentages with at most one decimal, and nothing to divide by as a dash', () => {
    expect(formatRate(0.125).replace(/\s/g, '')).toMatch(/^12[.,]5%$/);
    expect(formatRate(0).replace(/\s/g, '')).toBe('0%');
    expect(formatRate(1 / 3).replace(/\s/g, '')).toMatch(/^33[.,]3%$/);
    expect(formatRate(null)).toBe('—');
  });

  it('writes minor units as plain decimals in the currency’s decimals', () => {
    expect(minorToDecimal(2505, 'EUR')).toBe('25.05');
    expect(minorToDecimal(5, 'EUR')).toBe('0.05');
    expect(minorToDecimal(-705, 'EUR')).toBe('-7.05');
    expect(minorToDecimal(0, 'EUR')).toBe('0.00');
    expect(minorToDecimal(500, 'JPY')).toBe('500');
    expect(minorToDecimal(1234, 'BHD')).toBe('1.234');
  });

  it('labels hours and shares of a maximum', () => {
    expect(hourLabel(9)).toBe('09:00');
    expect(hourLabel(23)).toBe('23:00');
    expect(shareOf(3, 12)).toBe(0.25);
    expect(shareOf(5, 0)).toBe(0);
  });

  it('puts four gridlines on round numbers', () => {
    expect(axisStep(0)).toBe(1);
    expect(axisStep(3)).toBe(1);
    expect(axisStep(5)).toBe(2);
    expect(axisStep(37)).toBe(10);
    expect(axisStep(40)).toBe(10);
    expect(axisStep(14_000)).toBe(5000);
    for (const max of [1, 7, 99, 101, 12_345, 999_999]) expect(4 * axisStep(max)).toBeGreaterThanOrEqual(max);
  });
});

describe('insights periods', () => {
  it('makes whole calendar months and the last 30 days from the business’s today', () => {
    expect(presetPeriod('this-month', '2030-03-14')).toEqual({ from: '2030-03-01', to: '2030-03-31' });
    expect(presetPeriod('last-month', '2030-03-14')).toEqual({ from: '2030-02-01', to: '2030-02-28' });
    expect(presetPeriod('last-month', '2030-01-31')).toEqual({ from: '2029-12-01', to: '2029-12-31' });
    expect(presetPeriod('this-month', '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetPeriod('last-30-days', '2030-03-14')).toEqual({ from: '2030-02-13', to: '2030-03-14' });
  });

  it('refuses the custom periods the API refuses', () => {
    expect(customPeriodProblem('2030-03-01', '2030-03-31')).toBeNull();
    expect(customPeriodProblem('2030-01-01', '2031-01-01')).toBeNull(); // 366 days
    expect(customPeriodProblem('2030-01-01', '2031-01-02')).toMatch(/366/);
    expect(customPeriodProblem('2030-03-31', '2030-03-01')).toMatch(/before/);
    expect(customPeriodProblem('', '2030-03-01')).toMatch(/Choose/);
    expect(customPeriodProblem('2030-02-30', '2030-03-01')).toMatch(/Choose/);
  });
});
