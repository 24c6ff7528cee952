/**
 * The renderer the Vega factory hands out: a frame that loads the real
 * renderer (output.ts, with its text and the request code) when an output is
 * first shown, so that none of it is start-up code, and then hands every
 * model to that one renderer.
 */
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { PanelLayout, Widget } from '@lumino/widgets';

import { loadOnce } from '../load-once';
import type { IVegaOutputDeps } from './output';

/** A Vega output renderer whose real renderer (`VegaOutput`) loads with the first model. */
export class LazyVegaOutput extends Widget implements IRenderMime.IRenderer {
  constructor(
    private readonly _options: IRenderMime.IRendererOptions,
    private readonly _deps: IVegaOutputDeps
  ) {
    super();
    this.layout = new PanelLayout();
  }

  /** Load the real renderer once, then hand it `model`. */
  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    await (await this._inner()).renderModel(model);
  }

  private readonly _inner = loadOnce(() =>
    import(/* webpackChunkName: "heavyai-vega-output" */ './output').then(
      ({ VegaOutput }) => {
        const inner = new VegaOutput(this._options, this._deps);
        (this.layout as PanelLayout).addWidget(inner);
        return inner;
      }
    )
  );
}
