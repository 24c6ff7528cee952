// The scales the stand-in renders: linear, log, ordinal and quantize, with numeric or
// colour ranges. A scale maps one data value to a number (pixels, size) or a colour.
import { mixColors, parseColor } from './colors.ts';
import type { Rgba } from './colors.ts';
import { invalid, unsupported } from './errors.ts';

export type DataValue = number | string | boolean | null;
export type ScaleOutput = number | Rgba;
export type Scale = (value: DataValue) => ScaleOutput | undefined;

export const SCALE_TYPES = ['linear', 'log', 'ordinal', 'quantize'] as const;
const SCALE_KEYS = new Set([
  'name',
  'type',
  'domain',
  'range',
  'clamp',
  'default',
  'nullValue'
]);

export interface IScaleSpec {
  name: string;
  type: (typeof SCALE_TYPES)[number];
  domain: DataValue[];
  range: ScaleOutput[];
  clamp: boolean;
  defaultValue?: ScaleOutput;
  nullValue?: ScaleOutput;
}

/** A range entry: a number, or a colour string. */
function rangeValue(part: string, v: unknown): ScaleOutput {
  if (typeof v === 'number' && Number.isFinite(v)) {
    return v;
  }
  if (typeof v === 'string') {
    const color = parseColor(v);
    if (color) {
      return color;
    }
  }
  return invalid(part, `${JSON.stringify(v)} is neither a number nor a colour`);
}

/** Validates scale `def` (at `part`, e.g. `scales[1]`); "width"/"height" ranges become pixels. */
export function parseScale(
  part: string,
  def: unknown,
  width: number,
  height: number
): IScaleSpec {
  if (!def || typeof def !== 'object' || Array.isArray(def)) {
    return invalid(part, 'a scale must be an object');
  }
  const d = def as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!SCALE_KEYS.has(key)) {
      unsupported(
        `${part}.${key}`,
        'this scale property',
        [...SCALE_KEYS].join(', ')
      );
    }
  }
  if (typeof d.name !== 'string' || !d.name) {
    invalid(`${part}.name`, 'a scale needs a name');
  }
  const type = d.type ?? 'linear';
  if (!SCALE_TYPES.includes(type as IScaleSpec['type'])) {
    unsupported(
      `${part}.type`,
      `scale type ${JSON.stringify(type)}`,
      SCALE_TYPES.join(', ')
    );
  }
  if (!Array.isArray(d.domain) || d.domain.length < 1) {
    invalid(
      `${part}.domain`,
      'a domain must be a non-empty array (data-driven domains are not supported)'
    );
  }
  const domain = d.domain as DataValue[];
  let range: ScaleOutput[];
  if (d.range === 'width') {
    range = [0, width];
  } else if (d.range === 'height') {
    range = [0, height];
  } else if (Array.isArray(d.range) && d.range.length > 0) {
    range = d.range.map((v, i) => rangeValue(`${part}.range[${i}]`, v));
  } else {
    return invalid(
      `${part}.range`,
      'a range must be "width", "height" or a non-empty array'
    );
  }
  const spec: IScaleSpec = {
    name: d.name as string,
    type: type as IScaleSpec['type'],
    domain,
    range,
    clamp: d.clamp === true
  };
  if (d.default !== undefined) {
    spec.defaultValue = rangeValue(`${part}.default`, d.default);
  }
  if (d.nullValue !== undefined) {
    spec.nullValue = rangeValue(`${part}.nullValue`, d.nullValue);
  }
  if (spec.type !== 'ordinal') {
    const numeric =
      domain.length === 2 && domain.every(v => typeof v === 'number');
    if (!numeric) {
      invalid(
        `${part}.domain`,
        `a ${spec.type} scale needs a domain of two numbers`
      );
    }
  }
  if ((spec.type === 'linear' || spec.type === 'log') && range.length !== 2) {
    invalid(
      `${part}.range`,
      `a ${spec.type} scale needs a range of two values`
    );
  }
  if (spec.type === 'log' && domain.some(v => (v as number) <= 0)) {
    invalid(`${part}.domain`, 'a log scale needs a positive domain');
  }
  const kinds = new Set(range.map(v => typeof v));
  if (kinds.size > 1) {
    invalid(`${part}.range`, 'a range mixes numbers and colours');
  }
  return spec;
}

function interpolate(a: ScaleOutput, b: ScaleOutput, t: number): ScaleOutput {
  if (typeof a === 'number' && typeof b === 'number') {
    return a + (b - a) * t;
  }
  // Colours do not extrapolate: past either end they stay at that end's colour.
  return mixColors(a as Rgba, b as Rgba, Math.max(0, Math.min(1, t)));
}

function toNumber(v: DataValue): number | undefined {
  if (typeof v === 'number') {
    return v;
  }
  if (typeof v === 'boolean') {
    return v ? 1 : 0;
  }
  return undefined;
}

/** The function a validated scale stands for. */
export function makeScale(s: IScaleSpec): Scale {
  const orNull = (f: (v: DataValue) => ScaleOutput | undefined): Scale => {
    return v => (v === null ? s.nullValue : f(v));
  };
  switch (s.type) {
    case 'ordinal': {
      const index = new Map<DataValue, number>();
      s.domain.forEach((v, i) => index.set(v, i));
      return orNull(v => {
        const i = index.get(v);
        return i === undefined ? s.defaultValue : s.range[i % s.range.length];
      });
    }
    case 'quantize': {
      const [d0, d1] = s.domain as number[];
      const n = s.range.length;
      return orNull(v => {
        const x = toNumber(v);
        if (x === undefined || !Number.isFinite(x)) {
          return s.defaultValue;
        }
        const i = Math.floor(((x - d0) / (d1 - d0)) * n);
        return s.range[Math.max(0, Math.min(n - 1, i))];
      });
    }
    case 'linear':
    case 'log': {
      const f =
        s.type === 'log' ? (x: number) => Math.log10(x) : (x: number) => x;
      const [d0, d1] = (s.domain as number[]).map(f);
      const [r0, r1] = s.range;
      return orNull(v => {
        const x = toNumber(v);
        if (x === undefined || (s.type === 'log' && x <= 0)) {
          return s.defaultValue;
        }
        let t = d1 === d0 ? 0 : (f(x) - d0) / (d1 - d0);
        if (s.clamp) {
          t = Math.max(0, Math.min(1, t));
        }
        if (!Number.isFinite(t)) {
          return s.defaultValue;
        }
        return interpolate(r0, r1, t);
      });
    }
  }
}
