/**
 * The Vega output type and what the renderer keeps beside it: the spec's text,
 * the stored image, the server's timings, and plain-words errors. No JupyterLab
 * imports: unit-tested in Node.
 */
import {
  explainError,
  isDbException,
  isSessionMessage,
  serverMessage
} from '../sql/errors';
import type { ITranslate } from '../translate';
import { PNG_MIME_TYPE, VEGA_MIME_TYPES } from './mime-types';

export {
  LEGACY_VEGA_MIME_TYPE,
  PNG_MIME_TYPE,
  VEGA_MIME_TYPE,
  VEGA_MIME_TYPES,
  VEGA_RENDERER_RANK
} from './mime-types';

/** An output's data bundle: MIME type → value. */
export type OutputData = Record<string, unknown>;

/** The server's timings, kept in the output's metadata under the Vega MIME type. */
export interface IRenderTimings {
  execution_time_ms: number;
  render_time_ms: number;
  total_time_ms: number;
}

/** One render's result as the renderer keeps it. */
export interface IRenderedImage {
  /** The PNG, base64 (as notebooks store image/png). */
  png: string;
  timings: IRenderTimings;
}

/** The Vega MIME type present in `data` (current name first). */
export function vegaMimeTypeOf(data: OutputData): string | undefined {
  return VEGA_MIME_TYPES.find(type => data[type] !== undefined);
}

/** The spec as JSON text: notebooks store `+json` data as an object, a kernel may send text. */
export function specText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The image stored beside the spec, if any (a string or nbformat's list of lines). */
export function storedImage(data: OutputData): string | undefined {
  const value = data[PNG_MIME_TYPE];
  if (typeof value === 'string' && value) {
    return value.replace(/\s+/g, '');
  }
  if (Array.isArray(value) && value.length) {
    return value.join('').replace(/\s+/g, '');
  }
  return undefined;
}

/** The timings saved with an image, when they are all numbers. */
export function storedTimings(
  metadata: unknown,
  mimeType: string
): IRenderTimings | undefined {
  const entry = (metadata as Record<string, any> | undefined)?.[mimeType];
  const t = entry?.heavydb;
  if (
    t &&
    ['execution_time_ms', 'render_time_ms', 'total_time_ms'].every(
      k => typeof t[k] === 'number'
    )
  ) {
    return t as IRenderTimings;
  }
  return undefined;
}

/** The output's data and metadata with the rendered image stored beside the spec. */
export function withImage(
  data: OutputData,
  metadata: Record<string, unknown>,
  mimeType: string,
  image: IRenderedImage
): { data: OutputData; metadata: Record<string, unknown> } {
  const own = (metadata[mimeType] as Record<string, unknown> | undefined) ?? {};
  return {
    data: { ...data, [PNG_MIME_TYPE]: image.png },
    metadata: { ...metadata, [mimeType]: { ...own, heavydb: image.timings } }
  };
}

/** The caption under an image: the server's time, and for a fresh render the time to show it. */
export function caption(
  trans: ITranslate,
  timings: IRenderTimings | undefined,
  shownMs?: number
): string {
  if (!timings) {
    return trans.__(
      'Saved image rendered by HeavyDB. Run the cell again to render it anew.'
    );
  }
  if (shownMs === undefined) {
    return trans.__(
      'Saved image, rendered by HeavyDB in %1 ms. Run the cell again to render it anew.',
      timings.total_time_ms
    );
  }
  return trans.__(
    'Rendered by HeavyDB in %1 ms (SQL %2 ms, drawing %3 ms); shown after %4 ms.',
    timings.total_time_ms,
    timings.execution_time_ms,
    timings.render_time_ms,
    Math.round(shownMs)
  );
}

/** HeavyDB's answer when the server runs without its renderer. */
const RENDERING_DISABLED = /^Backend rendering is disabled\.?$/;

/** What went wrong rendering, in words that say what to do next. */
export function explainRenderError(error: unknown, trans: ITranslate): string {
  const text = serverMessage(error).trim();
  if (isDbException(error) && RENDERING_DISABLED.test(text)) {
    return trans.__(
      'HeavyDB cannot render charts: %1 Ask its administrator to enable rendering (a GPU server started with enable-rendering), or query the data and plot it in Python instead.',
      text
    );
  }
  if (isDbException(error) && !isSessionMessage(text)) {
    return trans.__(
      'HeavyDB could not render this Vega spec: %1 Fix the spec in the cell that made this output and run the cell again.',
      text
    );
  }
  return explainError(error, true, trans).message;
}

/** Shown when no HeavyAI session is available in this tab. */
export function noSessionMessage(trans: ITranslate): string {
  return trans.__(
    'No HeavyAI session: this chart is rendered by HeavyDB with the session handed over by HeavyAI Immerse. Open this notebook from Immerse (or let the host page send a session), then run the cell again.'
  );
}
