/**
 * The output renderer for HeavyDB Vega specs. A stored image beside the spec is shown as
 * it is (a reopened notebook makes no request); otherwise the spec is rendered by HeavyDB
 * with the current session, shown, and the image written into the output so the notebook
 * keeps it. Output from a notebook not run here asks before its SQL runs with the session.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import type { ISessionRecord } from '../store/record';
import type { ITranslate } from '../translate';
import {
  caption,
  explainRenderError,
  noSessionMessage,
  specText,
  storedImage,
  storedTimings,
  vegaMimeTypeOf,
  withImage
} from './mime';
import type { IRenderedImage } from './mime';
// The chart's rules load with it, not with the page.
import '../../style/vega.css';

/** What the renderer needs from the application: the current session and the translator. */
export interface IVegaOutputDeps {
  getSession(): Promise<ISessionRecord | undefined>;
  trans: ITranslate;
}

/** The output area that holds a model, found through the widget tree (its model has get/set). */
interface IOutputListLike {
  length: number;
  get(index: number): unknown;
  set(index: number, value: Record<string, unknown>): void;
}

function loadRenderCall() {
  return import(/* webpackChunkName: "heavyai-vega" */ './render-call');
}

/** One Vega output: shows the stored image, or renders the spec and stores the image. */
export class VegaOutput extends Widget implements IRenderMime.IRenderer {
  private readonly image = document.createElement('img');
  private readonly note = document.createElement('div');
  /** This renderer's own last render: when the output comes back with it stored, keep its caption. */
  private lastRendered?: { png: string; caption: string };

  constructor(
    private readonly options: IRenderMime.IRendererOptions,
    private readonly deps: IVegaOutputDeps
  ) {
    super();
    this.addClass('jp-HeavyAIVega');
    this.image.className = 'jp-HeavyAIVega-image';
    this.image.alt = deps.trans.__('Chart rendered by HeavyDB');
    this.note.className = 'jp-HeavyAIVega-note';
  }

  /** Shows `model`'s stored image, or asks first (untrusted), or renders it now. */
  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const data = model.data as Record<string, unknown>;
    const mimeType = vegaMimeTypeOf(data) ?? this.options.mimeType;
    const stored = storedImage(data);
    if (stored) {
      const text =
        this.lastRendered?.png === stored
          ? this.lastRendered.caption
          : caption(this.deps.trans, storedTimings(model.metadata, mimeType));
      await this.showImage(stored, text);
      return;
    }
    if (!model.trusted) {
      this.askFirst(model, mimeType);
      return;
    }
    await this.render(model, mimeType);
  }

  private async render(
    model: IRenderMime.IMimeModel,
    mimeType: string
  ): Promise<void> {
    const { trans } = this.deps;
    const started = performance.now();
    this.showNote(trans.__('Rendering with HeavyDB…'), 'busy');
    let rendered: IRenderedImage;
    let requestAt: number;
    let answeredAt: number;
    try {
      const record = await this.deps.getSession();
      if (!record) {
        this.showNote(noSessionMessage(trans), 'error');
        return;
      }
      const { renderWithSession } = await loadRenderCall();
      requestAt = performance.now();
      rendered = await renderWithSession(
        record,
        specText(model.data[mimeType]),
        trans
      );
      answeredAt = performance.now();
    } catch (error) {
      this.showNote(explainRenderError(error, trans), 'error');
      return;
    }
    await this.showImage(rendered.png, '');
    const shownMs = performance.now() - started;
    this.note.textContent = caption(trans, rendered.timings, shownMs);
    this.lastRendered = { png: rendered.png, caption: this.note.textContent };
    // Read by the benchmark: the time before the call, the call, and showing the image.
    this.node.dataset.beforeCallMs = String(requestAt - started);
    this.node.dataset.callMs = String(answeredAt - requestAt);
    this.node.dataset.shownMs = String(shownMs);
    this.node.dataset.serverTotalMs = String(rendered.timings.total_time_ms);
    this.keepImage(model, mimeType, rendered);
  }

  /** Output not produced in this tab: its SQL would run with the user's session, so ask. */
  private askFirst(model: IRenderMime.IMimeModel, mimeType: string): void {
    const { trans } = this.deps;
    this.showNote(
      trans.__(
        'This chart has not been rendered yet. Rendering runs the SQL in its Vega spec on HeavyDB with your HeavyAI session.'
      ),
      'ask'
    );
    const button = document.createElement('button');
    button.className = 'jp-mod-styled jp-mod-accept jp-HeavyAIVega-render';
    button.textContent = trans.__('Render with HeavyDB');
    button.addEventListener('click', () => void this.render(model, mimeType), {
      once: true
    });
    this.node.appendChild(button);
  }

  /**
   * Writes the image into the output list (not only this model) so the notebook is marked
   * changed and saves it; the output area then hands this renderer the stored image.
   */
  private keepImage(
    model: IRenderMime.IMimeModel,
    mimeType: string,
    rendered: IRenderedImage
  ): void {
    const next = withImage(
      model.data as Record<string, unknown>,
      model.metadata as Record<string, unknown>,
      mimeType,
      rendered
    );
    for (let w: Widget | null = this.parent; w; w = w.parent) {
      const list = (w as unknown as { model?: IOutputListLike }).model;
      if (
        list &&
        typeof list.get === 'function' &&
        typeof list.set === 'function'
      ) {
        for (let i = 0; i < list.length; i++) {
          const item = list.get(i) as {
            toJSON?: () => Record<string, unknown>;
          };
          if (item === model && item.toJSON) {
            list.set(i, { ...item.toJSON(), ...next });
            return;
          }
        }
      }
    }
    // Outside an output area (e.g. a document viewer): keep it in the model at least.
    model.setData(next as IRenderMime.IMimeModel.ISetDataOptions);
  }

  private async showImage(png: string, text: string): Promise<void> {
    this.node.replaceChildren(this.image, this.note);
    this.image.src = `data:image/png;base64,${png}`;
    this.note.className = 'jp-HeavyAIVega-note';
    this.note.textContent = text;
    await this.image.decode().catch(() => undefined);
  }

  private showNote(text: string, kind: 'busy' | 'error' | 'ask'): void {
    this.note.className = `jp-HeavyAIVega-note jp-HeavyAIVega-${kind}`;
    this.note.textContent = text;
    this.node.replaceChildren(this.note);
  }
}
