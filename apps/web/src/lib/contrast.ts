/**
 * Colour contrast as WCAG 2 defines it, for colours as `#rrggbb`: the checks behind the palette's
 * test and the colours derived from a business's brand accent, so text on and in that colour reads
 * at AA (4.5:1) whatever colour the business picked.
 */

/** AA for normal-size text. */
export const AA_TEXT = 4.5;

const HEX = /^#[0-9a-fA-F]{6}$/;

export function isHexColour(value: string): boolean {
  return HEX.test(value);
}

function channels(hex: string): [number, number, number] {
  if (!HEX.test(hex)) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function toHex(rgb: number[]): string {
  return `#${rgb
    .map((c) =>
      Math.round(Math.min(255, Math.max(0, c)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** WCAG 2 relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [relativeLuminance(a), relativeLuminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** `weight` of `a` and the rest of `b`, mixed in sRGB like CSS `color-mix(in srgb, a weight, b)`. */
export function mix(a: string, b: string, weight: number): string {
  const [ca, cb] = [channels(a), channels(b)];
  return toHex(ca.map((c, i) => c * weight + cb[i]! * (1 - weight)));
}

/** White or black text, whichever contrasts more with `background` (one of them always reaches 4.5:1). */
export function readableOn(background: string): '#ffffff' | '#000000' {
  return contrastRatio('#ffffff', background) >= contrastRatio('#000000', background) ? '#ffffff' : '#000000';
}

/** `colour`, darkened (mixed with black) as little as needed to reach `ratio` against every one of `backgrounds`. */
export function darkenUntil(colour: string, backgrounds: string[], ratio = AA_TEXT): string {
  for (let black = 0; black <= 1; black += 0.02) {
    const candidate = mix('#000000', colour, black);
    if (backgrounds.every((bg) => contrastRatio(candidate, bg) >= ratio)) return candidate;
  }
  return '#000000';
}

/** The light surfaces primary-coloured text sits on: cards, the page, muted panels (theme.css). */
export const LIGHT_SURFACES = ['#ffffff', '#f5f6f8', '#f0f2f5'];

/**
 * The primary colour tokens (theme.css) for a brand accent. Fills use the accent itself, with black
 * or white text on it by contrast; the hover fill moves away from that text colour; primary-coloured
 * text, the strong variant and the focus ring are the accent darkened until they read on the light
 * surfaces and the accent's own tints.
 */
export function brandTokens(accent: string) {
  const onPrimary = readableOn(accent);
  const soft = mix(accent, '#ffffff', 0.1);
  const text = darkenUntil(accent, [...LIGHT_SURFACES, soft, mix(accent, '#ffffff', 0.2)]);
  return {
    '--color-primary': accent,
    '--color-primary-hover': mix(onPrimary === '#ffffff' ? '#000000' : '#ffffff', accent, 0.14),
    '--color-on-primary': onPrimary,
    '--color-primary-soft': soft,
    '--color-primary-text': text,
    '--color-primary-strong': mix('#000000', text, 0.28),
    '--color-focus': text,
  };
}
