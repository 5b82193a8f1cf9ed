import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AA_TEXT, contrastRatio, mix } from '../lib/contrast';

const themeCss = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'theme.css'), 'utf8');

/** The custom properties declared in theme.css whose value is a #rrggbb colour, by name. */
function paletteOf(css: string): Record<string, string> {
  const entries = [...css.matchAll(/(--color-[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1]!, m[2]!.toLowerCase()]);
  return Object.fromEntries(entries);
}

const palette = paletteOf(themeCss);
const colour = (name: string) => {
  const value = palette[name];
  if (!value) throw new Error(`theme.css declares no colour ${name}`);
  return value;
};

/** Text colours and the surfaces each may sit on. */
const TEXT_ON_SURFACES = {
  texts: [
    '--color-text',
    '--color-text-muted',
    '--color-text-subtle',
    '--color-primary-text',
    '--color-primary-strong',
    '--color-success-text',
    '--color-warning-text',
    '--color-danger-text',
  ],
  surfaces: [
    '--color-bg',
    '--color-surface',
    '--color-surface-muted',
    '--color-primary-soft',
    '--color-success-soft',
    '--color-warning-soft',
    '--color-danger-soft',
  ],
};

describe('the palette (theme.css) at WCAG AA', () => {
  it('declares every colour the checks name', () => {
    for (const name of [...TEXT_ON_SURFACES.texts, ...TEXT_ON_SURFACES.surfaces, '--color-primary', '--color-primary-hover', '--color-on-primary'])
      expect(palette[name], name).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('gives every text colour 4.5:1 on every light surface', () => {
    const failures = TEXT_ON_SURFACES.texts.flatMap((text) =>
      TEXT_ON_SURFACES.surfaces
        .map((surface) => ({ pair: `${text} on ${surface}`, ratio: contrastRatio(colour(text), colour(surface)) }))
        .filter(({ ratio }) => ratio < AA_TEXT)
        .map(({ pair, ratio }) => `${pair}: ${ratio.toFixed(2)}`),
    );
    expect(failures).toEqual([]);
  });

  it('gives text on the primary and danger fills 4.5:1, hovered too', () => {
    expect(contrastRatio(colour('--color-on-primary'), colour('--color-primary'))).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio(colour('--color-on-primary'), colour('--color-primary-hover'))).toBeGreaterThanOrEqual(AA_TEXT);
    // Button.css: white on the danger button, and on its hover (#b91c1c).
    expect(contrastRatio('#ffffff', colour('--color-danger'))).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio('#ffffff', '#b91c1c')).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it("gives the booking calendar's free days 4.5:1, hovered too", () => {
    // picker.css: .day--available is primary-strong on primary-soft; hovered, on 20% primary.
    const hovered = mix(colour('--color-primary'), '#ffffff', 0.2);
    expect(contrastRatio(colour('--color-primary-strong'), hovered)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it('no longer has the grey that failed on the public page (#7a8190, 3.9:1 on white)', () => {
    expect(Object.values(palette)).not.toContain('#7a8190');
  });
});
