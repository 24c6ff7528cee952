// CSS colour strings as HeavyDB's Vega accepts them for fillColor and colour ranges:
// hex (#rgb, #rrggbb, #rrggbbaa), rgb()/rgba() and a set of common CSS names.

/** Red, green, blue 0–255 and alpha 0–1. */
export type Rgba = readonly [number, number, number, number];

const NAMED: Record<string, string> = {
  black: '#000000',
  white: '#ffffff',
  red: '#ff0000',
  green: '#008000',
  lime: '#00ff00',
  blue: '#0000ff',
  yellow: '#ffff00',
  cyan: '#00ffff',
  aqua: '#00ffff',
  magenta: '#ff00ff',
  fuchsia: '#ff00ff',
  orange: '#ffa500',
  purple: '#800080',
  gray: '#808080',
  grey: '#808080',
  silver: '#c0c0c0',
  maroon: '#800000',
  navy: '#000080',
  teal: '#008080',
  olive: '#808000',
  brown: '#a52a2a',
  pink: '#ffc0cb',
  gold: '#ffd700',
  steelblue: '#4682b4',
  transparent: '#00000000'
};

const hex = (s: string): number => parseInt(s, 16);

/** The colour `text` names, or undefined when it is not a colour this renderer knows. */
export function parseColor(text: string): Rgba | undefined {
  const s = text.trim().toLowerCase();
  const named = NAMED[s];
  if (named) {
    return parseColor(named);
  }
  let m = /^#([0-9a-f]{3})$/.exec(s);
  if (m) {
    const [r, g, b] = [...m[1]].map(c => hex(c + c));
    return [r, g, b, 1];
  }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(s);
  if (m) {
    const alpha = m[2] === undefined ? 1 : hex(m[2]) / 255;
    return [
      hex(m[1].slice(0, 2)),
      hex(m[1].slice(2, 4)),
      hex(m[1].slice(4, 6)),
      alpha
    ];
  }
  m = /^rgba?\(([^)]*)\)$/.exec(s);
  if (m) {
    const parts = m[1].split(',').map(p => Number(p.trim()));
    const ok =
      (parts.length === 3 || parts.length === 4) &&
      parts.every(Number.isFinite) &&
      parts.slice(0, 3).every(v => v >= 0 && v <= 255) &&
      (parts.length === 3 || (parts[3] >= 0 && parts[3] <= 1));
    if (ok) {
      return [parts[0], parts[1], parts[2], parts.length === 4 ? parts[3] : 1];
    }
  }
  return undefined;
}

/** The colour a fraction `t` (0–1) of the way from `a` to `b`, channel by channel. */
export function mixColors(a: Rgba, b: Rgba, t: number): Rgba {
  const at = (i: number) => a[i] + (b[i] - a[i]) * t;
  return [
    Math.round(at(0)),
    Math.round(at(1)),
    Math.round(at(2)),
    a[3] + (b[3] - a[3]) * t
  ];
}
