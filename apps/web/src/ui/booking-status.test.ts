import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AA_TEXT, contrastRatio } from '../lib/contrast';

const css = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'booking-status.css'), 'utf8');
const tokens = Object.fromEntries([...css.matchAll(/(--booking-[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1]!, m[2]!]));

describe('booking status colours (booking-status.css) at WCAG AA', () => {
  it('reads each status tone on its soft background and on white', () => {
    const statuses = Object.keys(tokens).filter((name) => !name.endsWith('-soft'));
    expect(statuses).toHaveLength(6);
    const failures = statuses.flatMap((tone) =>
      [tokens[`${tone}-soft`]!, '#ffffff']
        .map((bg) => ({ bg, ratio: contrastRatio(tokens[tone]!, bg) }))
        .filter(({ ratio }) => ratio < AA_TEXT)
        .map(({ bg, ratio }) => `${tone} on ${bg}: ${ratio.toFixed(2)}`),
    );
    expect(failures).toEqual([]);
  });
});
