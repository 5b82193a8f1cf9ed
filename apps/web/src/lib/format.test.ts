import { describe, expect, it } from 'vitest';
import { formatPrice } from './format';

describe('prices', () => {
  it('names a zero price "Free" and shows a price in its currency with its minor units', () => {
    expect(formatPrice(0, 'GBP')).toBe('Free');
    expect(formatPrice(4500, 'EUR')).toMatch(/45[.,]00/);
    expect(formatPrice(4500, 'JPY')).toMatch(/4,?500/);
    expect(formatPrice(4500, 'JPY')).not.toMatch(/45[.,]00/);
  });
});
