// render_vega in the stand-in: validate the spec, run each data entry's SQL, draw the
// marks in order, and encode the raster as PNG.
import { PNG } from 'pngjs';
import type { Rgba } from './colors.ts';
import { invalid } from './errors.ts';
import { Raster } from './raster.ts';
import { makeScale } from './scales.ts';
import type { DataValue, Scale, ScaleOutput } from './scales.ts';
import { parseVegaSpec } from './spec.ts';
import type { IMarkSpec, IVegaSpec, PropertyRef } from './spec.ts';

/** One query result, column-major, values already plain JavaScript. */
export interface IDataTable {
  names: string[];
  columns: DataValue[][];
  rowCount: number;
}

/** Runs a data entry's SQL (the stand-in's DuckDB engine in production). */
export type QueryFn = (sql: string) => Promise<IDataTable>;

export interface IRenderOutput {
  png: Buffer;
  /** Time in SQL. */
  executionMs: number;
  /** Time drawing and encoding. */
  renderMs: number;
  /** JSON: the scales as resolved (pixel ranges) and each data entry's row count. */
  metadata: string;
}

/** HeavyDB's compression_level (0–9, as zlib's) clamped into range; the connector's default is 3. */
export function deflateLevel(compressionLevel: number | undefined): number {
  const level = Number.isFinite(compressionLevel)
    ? Math.round(compressionLevel as number)
    : 3;
  return Math.max(0, Math.min(9, level));
}

type Getter<T> = (row: number) => T | undefined;

function getter(
  mark: IMarkSpec,
  name: string,
  ref: PropertyRef,
  table: IDataTable | undefined,
  scales: ReadonlyMap<string, Scale>
): Getter<ScaleOutput> {
  const part = `${mark.part}.properties.${name}`;
  if (ref.kind === 'constant') {
    const v = ref.value as ScaleOutput;
    return () => v;
  }
  const scale = ref.scale === undefined ? undefined : scales.get(ref.scale);
  if (ref.kind === 'scaled-constant') {
    const v = scale?.(ref.value);
    return () => v;
  }
  const index = table?.names.indexOf(ref.field) ?? -1;
  if (!table || index < 0) {
    invalid(
      `${part}.field`,
      `data "${mark.from}" has no column ${JSON.stringify(ref.field)} (columns: ${table?.names.join(', ')})`
    );
  }
  const column = table.columns[index];
  if (scale) {
    return row => scale(column[row]);
  }
  return row => {
    const v = column[row];
    return typeof v === 'number' ? v : undefined;
  };
}

function drawMark(
  raster: Raster,
  mark: IMarkSpec,
  table: IDataTable | undefined,
  scales: ReadonlyMap<string, Scale>
): void {
  const get = (name: string, ref: PropertyRef) =>
    getter(mark, name, ref, table, scales);
  const x = get('x', mark.x);
  const y = get('y', mark.y);
  const w = get('size', mark.width);
  const h = mark.height === mark.width ? w : get('height', mark.height);
  const fill = get('fillColor', mark.fillColor);
  const opacity = get('opacity', mark.opacity);
  const rows = table ? table.rowCount : 1;
  for (let row = 0; row < rows; row++) {
    const px = x(row);
    const py = y(row);
    const pw = w(row);
    const ph = h === w ? pw : h(row);
    const color = fill(row);
    const alpha = opacity(row);
    // A row whose value a scale cannot place (NULL without nullValue, outside an ordinal domain) is not drawn.
    if (
      typeof px !== 'number' ||
      typeof py !== 'number' ||
      typeof pw !== 'number' ||
      typeof ph !== 'number' ||
      typeof alpha !== 'number' ||
      !Array.isArray(color)
    ) {
      continue;
    }
    raster.fill(mark.shape, px, py, pw, ph, color as Rgba, alpha);
  }
}

const cssColor = (v: unknown): unknown =>
  Array.isArray(v) ? `rgba(${v.join(',')})` : v;

function metadata(
  spec: IVegaSpec,
  tables: ReadonlyMap<string, IDataTable>
): string {
  return JSON.stringify({
    scales: spec.scales.map(s => ({
      name: s.name,
      type: s.type,
      domain: s.domain,
      range: s.range.map(cssColor)
    })),
    data: spec.data.map(d => ({
      name: d.name,
      rows: tables.get(d.name)?.rowCount ?? 0
    }))
  });
}

/** Renders `vegaJson`; throws VegaSpecError for a spec outside the subset, the engine's error for bad SQL. */
export async function renderVega(
  vegaJson: string,
  compressionLevel: number | undefined,
  query: QueryFn
): Promise<IRenderOutput> {
  const spec = parseVegaSpec(vegaJson);
  const used = new Set(
    spec.marks.map(m => m.from).filter(n => n !== undefined)
  );
  const tables = new Map<string, IDataTable>();
  const sqlStarted = performance.now();
  for (const d of spec.data) {
    if (used.has(d.name)) {
      tables.set(d.name, await query(d.sql));
    }
  }
  const executionMs = performance.now() - sqlStarted;
  const drawStarted = performance.now();
  const scales = new Map(spec.scales.map(s => [s.name, makeScale(s)]));
  const raster = new Raster(spec.width, spec.height);
  for (const mark of spec.marks) {
    drawMark(
      raster,
      mark,
      mark.from === undefined ? undefined : tables.get(mark.from),
      scales
    );
  }
  const png = new PNG({ width: spec.width, height: spec.height, colorType: 6 });
  png.data = Buffer.from(
    raster.pixels.buffer,
    raster.pixels.byteOffset,
    raster.pixels.length
  );
  const encoded = PNG.sync.write(png, {
    colorType: 6,
    deflateLevel: deflateLevel(compressionLevel)
  });
  return {
    png: encoded,
    executionMs,
    renderMs: performance.now() - drawStarted,
    metadata: metadata(spec, tables)
  };
}
