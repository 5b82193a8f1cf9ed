import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AA_TEXT, brandTokens, contrastRatio, LIGHT_SURFACES, mix, readableOn } from './contrast';

const hexColour = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);

describe('contrast', () => {
  it('computes WCAG ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // The grey the issue measured on the public page.
    expect(contrastRatio('#7a8190', '#ffffff')).toBeCloseTo(3.91, 2);
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080');
  });

  it('picks white on dark and black on light colours', () => {
    expect(readableOn('#4f46e5')).toBe('#ffffff');
    expect(readableOn('#fcd34d')).toBe('#000000');
  });

  it('makes every text a brand accent leads to read at AA, whatever the accent', () => {
    fc.assert(
      fc.property(hexColour, (accent) => {
        const t = brandTokens(accent);
        const soft = t['--color-primary-soft'];
        const checks: Array<[string, string, string]> = [
          ['on-primary on primary', t['--color-on-primary'], accent],
          ['on-primary on hover', t['--color-on-primary'], t['--color-primary-hover']],
          ...[...LIGHT_SURFACES, soft].map((bg): [string, string, string] => [`primary-text on ${bg}`, t['--color-primary-text'], bg]),
          ['primary-strong on soft', t['--color-primary-strong'], soft],
          ['primary-strong on the hovered free day', t['--color-primary-strong'], mix(accent, '#ffffff', 0.2)],
        ];
        for (const [what, text, bg] of checks) expect(contrastRatio(text, bg), `${accent}: ${what}`).toBeGreaterThanOrEqual(AA_TEXT);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps an accent that already reads as text, and darkens one that does not only as far as needed', () => {
    expect(brandTokens('#3730a3')['--color-primary-text']).toBe('#3730a3');
    const accent = '#fcd34d';
    const pale = brandTokens(accent)['--color-primary-text'];
    const backgrounds = [...LIGHT_SURFACES, mix(accent, '#ffffff', 0.1), mix(accent, '#ffffff', 0.2)];
    const worst = Math.min(...backgrounds.map((bg) => contrastRatio(pale, bg)));
    expect(worst).toBeGreaterThanOrEqual(AA_TEXT);
    expect(worst).toBeLessThan(AA_TEXT + 0.3);
  });
});
