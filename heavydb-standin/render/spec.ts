// Validation of a rendering Vega spec against the subset the stand-in draws: width/height,
// data entries with sql, scales (scales.ts), and points/symbol marks. Anything else is
// refused, naming the part, before any SQL runs.
import { parseColor } from './colors.ts';
import type { Rgba } from './colors.ts';
import { invalid, unsupported } from './errors.ts';
import { parseScale } from './scales.ts';
import type { IScaleSpec } from './scales.ts';

export const MAX_DIMENSION = 4096;
export const SYMBOL_SHAPES = ['circle', 'square'] as const;
export type Shape = (typeof SYMBOL_SHAPES)[number];

/** A mark property: a constant, a column, or either of those through a scale. */
export type PropertyRef =
  | { kind: 'constant'; value: number | string | Rgba }
  | { kind: 'field'; field: string; scale?: string }
  | { kind: 'scaled-constant'; value: number | string; scale: string };

export interface IDataSpec {
  name: string;
  sql: string;
}

export interface IMarkSpec {
  /** `marks[i]`, for messages. */
  part: string;
  shape: Shape;
  /** The data entry's name; undefined draws one mark from constants. */
  from?: string;
  x: PropertyRef;
  y: PropertyRef;
  /** Width and height in pixels (points: both `size`). */
  width: PropertyRef;
  height: PropertyRef;
  fillColor: PropertyRef;
  opacity: PropertyRef;
}

export interface IVegaSpec {
  width: number;
  height: number;
  data: IDataSpec[];
  scales: IScaleSpec[];
  marks: IMarkSpec[];
}

const TOP_KEYS = ['width', 'height', 'data', 'scales', 'marks'];
const DATA_KEYS = ['name', 'sql'];
const MARK_KEYS = ['type', 'from', 'properties'];
const MARK_TYPES = ['points', 'symbol'];
const POINT_PROPERTIES = ['x', 'y', 'size', 'fillColor', 'opacity'];
const SYMBOL_PROPERTIES = [
  'shape',
  'x',
  'y',
  'xc',
  'yc',
  'size',
  'width',
  'height',
  'fillColor',
  'opacity'
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function onlyKeys(
  part: string,
  o: Record<string, unknown>,
  keys: string[]
): void {
  for (const key of Object.keys(o)) {
    if (!keys.includes(key)) {
      unsupported(
        part ? `${part}.${key}` : key,
        `the property "${key}"`,
        keys.join(', ')
      );
    }
  }
}

function dimension(part: string, v: unknown): number {
  if (
    !Number.isInteger(v) ||
    (v as number) < 1 ||
    (v as number) > MAX_DIMENSION
  ) {
    invalid(part, `must be an integer from 1 to ${MAX_DIMENSION}`);
  }
  return v as number;
}

function property(
  part: string,
  v: unknown,
  scales: ReadonlySet<string>,
  isColor: boolean
): PropertyRef {
  const constant = (p: string, c: unknown): PropertyRef => {
    if (typeof c === 'number' && Number.isFinite(c) && !isColor) {
      return { kind: 'constant', value: c };
    }
    if (typeof c === 'string' && isColor) {
      const color = parseColor(c);
      if (color) {
        return { kind: 'constant', value: color };
      }
      return invalid(
        p,
        `${JSON.stringify(c)} is not a colour this renderer knows`
      );
    }
    return invalid(
      p,
      `${JSON.stringify(c)} is not a ${isColor ? 'colour' : 'number'}`
    );
  };
  if (!isObject(v)) {
    return constant(part, v);
  }
  onlyKeys(part, v, ['scale', 'field', 'value']);
  const scale = v.scale;
  if (
    scale !== undefined &&
    (typeof scale !== 'string' || !scales.has(scale))
  ) {
    invalid(`${part}.scale`, `no scale named ${JSON.stringify(scale)}`);
  }
  if (typeof v.field === 'string' && v.value === undefined) {
    return {
      kind: 'field',
      field: v.field,
      scale: scale as string | undefined
    };
  }
  if (v.value !== undefined && v.field === undefined) {
    if (scale !== undefined) {
      if (typeof v.value !== 'number' && typeof v.value !== 'string') {
        invalid(`${part}.value`, 'must be a number or a string');
      }
      return {
        kind: 'scaled-constant',
        value: v.value as number | string,
        scale: scale as string
      };
    }
    return constant(`${part}.value`, v.value);
  }
  return invalid(part, 'needs exactly one of "field" and "value"');
}

function parseMark(
  part: string,
  def: unknown,
  dataNames: ReadonlySet<string>,
  scales: ReadonlySet<string>
): IMarkSpec {
  if (!isObject(def)) {
    return invalid(part, 'a mark must be an object');
  }
  onlyKeys(part, def, MARK_KEYS);
  if (!MARK_TYPES.includes(def.type as string)) {
    unsupported(
      `${part}.type`,
      `mark type ${JSON.stringify(def.type)}`,
      MARK_TYPES.join(', ')
    );
  }
  let from: string | undefined;
  if (def.from !== undefined) {
    if (!isObject(def.from)) {
      invalid(`${part}.from`, 'must be an object { "data": <name> }');
    }
    onlyKeys(`${part}.from`, def.from, ['data']);
    if (typeof def.from.data !== 'string' || !dataNames.has(def.from.data)) {
      invalid(
        `${part}.from.data`,
        `no data entry named ${JSON.stringify(def.from.data)}`
      );
    }
    from = def.from.data;
  }
  const props = def.properties;
  if (!isObject(props)) {
    return invalid(`${part}.properties`, 'a mark needs a properties object');
  }
  const p = `${part}.properties`;
  const isSymbol = def.type === 'symbol';
  onlyKeys(p, props, isSymbol ? SYMBOL_PROPERTIES : POINT_PROPERTIES);
  let shape: Shape = 'square';
  if (isSymbol) {
    if (!SYMBOL_SHAPES.includes(props.shape as Shape)) {
      unsupported(
        `${p}.shape`,
        `symbol shape ${JSON.stringify(props.shape)}`,
        SYMBOL_SHAPES.join(', ')
      );
    }
    shape = props.shape as Shape;
  }
  const ref = (name: string, color = false) =>
    property(`${p}.${name}`, props[name], scales, color);
  const pick = (a: string, b: string): string => {
    if (props[a] !== undefined && props[b] !== undefined) {
      invalid(`${p}.${b}`, `give either "${a}" or "${b}", not both`);
    }
    return props[b] !== undefined ? b : a;
  };
  const xName = isSymbol ? pick('x', 'xc') : 'x';
  const yName = isSymbol ? pick('y', 'yc') : 'y';
  for (const name of [xName, yName]) {
    if (props[name] === undefined) {
      invalid(`${p}.${name}`, 'is required');
    }
  }
  const size = props.size === undefined ? 1 : props.size;
  if (
    isSymbol &&
    props.size !== undefined &&
    (props.width !== undefined || props.height !== undefined)
  ) {
    invalid(`${p}.size`, 'give either "size" or "width"/"height", not both');
  }
  const widthRef =
    isSymbol && props.width !== undefined
      ? ref('width')
      : property(`${p}.size`, size, scales, false);
  // A symbol given only a width is as tall as it is wide.
  const heightRef =
    isSymbol && props.height !== undefined ? ref('height') : widthRef;
  const mark: IMarkSpec = {
    part,
    shape,
    from,
    x: ref(xName),
    y: ref(yName),
    width: widthRef,
    height: heightRef,
    fillColor:
      props.fillColor === undefined
        ? { kind: 'constant', value: parseColor('steelblue') as Rgba }
        : ref('fillColor', true),
    opacity:
      props.opacity === undefined
        ? { kind: 'constant', value: 1 }
        : ref('opacity')
  };
  if (!from) {
    for (const key of [
      'x',
      'y',
      'width',
      'height',
      'fillColor',
      'opacity'
    ] as const) {
      if (mark[key].kind === 'field') {
        invalid(`${p}`, 'a mark without "from" can only use constant values');
      }
    }
  }
  return mark;
}

/** The spec in `json`, validated; throws VegaSpecError naming the first unsupported or invalid part. */
export function parseVegaSpec(json: string): IVegaSpec {
  let spec: unknown;
  try {
    spec = JSON.parse(json);
  } catch (err) {
    return invalid('(root)', `not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(spec)) {
    return invalid('(root)', 'a Vega spec must be a JSON object');
  }
  onlyKeys('', spec, TOP_KEYS);
  const width = dimension('width', spec.width);
  const height = dimension('height', spec.height);
  const dataDefs = spec.data ?? [];
  if (!Array.isArray(dataDefs)) {
    invalid('data', 'must be an array');
  }
  const data = (dataDefs as unknown[]).map((d, i) => {
    const part = `data[${i}]`;
    if (!isObject(d)) {
      return invalid(part, 'a data entry must be an object');
    }
    onlyKeys(part, d, DATA_KEYS);
    if (typeof d.name !== 'string' || !d.name) {
      invalid(`${part}.name`, 'a data entry needs a name');
    }
    if (typeof d.sql !== 'string' || !d.sql.trim()) {
      invalid(
        `${part}.sql`,
        'a data entry needs an SQL query (inline values and URLs are not supported)'
      );
    }
    return { name: d.name as string, sql: d.sql as string };
  });
  const scaleDefs = spec.scales ?? [];
  if (!Array.isArray(scaleDefs)) {
    invalid('scales', 'must be an array');
  }
  const scales = (scaleDefs as unknown[]).map((s, i) =>
    parseScale(`scales[${i}]`, s, width, height)
  );
  const markDefs = spec.marks;
  if (!Array.isArray(markDefs) || markDefs.length === 0) {
    return invalid('marks', 'a spec needs a non-empty marks array');
  }
  const dataNames = new Set(data.map(d => d.name));
  const scaleNames = new Set(scales.map(s => s.name));
  const marks = markDefs.map((m, i) =>
    parseMark(`marks[${i}]`, m, dataNames, scaleNames)
  );
  return { width, height, data, scales, marks };
}
