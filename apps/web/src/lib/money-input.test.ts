import { describe, expect, it } from 'vitest';
import { currencyDecimals, formatDuration } from './format';
import { minorToMajorInput, parseMajorToMinor } from './money-input';

describe('money', () => {
  it('reads amounts in major units into integer minor units', () => {
    expect(parseMajorToMinor('25', 'EUR')).toBe(2500);
    expect(parseMajorToMinor('19.99', 'EUR')).toBe(1999);
    expect(parseMajorToMinor('0,5', 'EUR')).toBe(50);
    expect(parseMajorToMinor(' 12. ', 'EUR')).toBe(1200);
    expect(parseMajorToMinor('1500', 'JPY')).toBe(1500);
    expect(parseMajorToMinor('1.234', 'BHD')).toBe(1234);
  });

  it('refuses text that is not an amount in that currency', () => {
    expect(parseMajorToMinor('', 'EUR')).toBeUndefined();
    expect(parseMajorToMinor('12.345', 'EUR')).toBeUndefined();
    expect(parseMajorToMinor('12.5', 'JPY')).toBeUndefined();
    expect(parseMajorToMinor('-3', 'EUR')).toBeUndefined();
    expect(parseMajorToMinor('1e3', 'EUR')).toBeUndefined();
  });

  it('shows minor units back in major units with the currency decimals', () => {
    expect(currencyDecimals('EUR')).toBe(2);
    expect(minorToMajorInput(1999, 'EUR')).toBe('19.99');
    expect(minorToMajorInput(1500, 'JPY')).toBe('1500');
  });

  it('says durations the way people do', () => {
    expect(formatDuration(45)).toBe('45 min');
    expect(formatDuration(60)).toBe('1 h');
    expect(formatDuration(90)).toBe('1 h 30 min');
  });
});
