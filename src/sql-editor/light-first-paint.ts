/**
 * Make the grid's first frame cheaper to put on screen: its canvases are first sized to the
 * viewport plus a small margin, and its overlay (selection, cursor, scroll shadows) is first
 * drawn in the frame after the rows.
 *
 * Why: each canvas a frame shows for the first time is allocated, handed to the compositor and
 * blended, and without a GPU Chromium does all of that on the CPU. In the bench's Chromium, a frame
 * that first showed a 932 × 581 grid's canvases as Lumino makes them (1024 × 1024, the overlay
 * cleared) was presented 168 ms after it started; with canvases of the viewport plus 64 px and
 * the overlay left for the next frame, 97 ms; text alone, 34 ms (`bench/canvas-first-frame.ts`,
 * docs/decisions.md). The deep link paints its rows in the frame that first shows the app, so all
 * of that delayed the rows.
 *
 * This replaces two private methods of @lumino/datagrid's DataGrid (2.5.x) on an instance, each
 * only for its first use; later calls (a resize, a selection) are Lumino's own. When those
 * methods or fields are not there (another Lumino version), the grid is left as Lumino made it.
 */
import type { DataGrid } from '@lumino/datagrid';

/** Lumino's private canvas fields and the two methods replaced. */
interface ICanvasInternals {
  _canvas: HTMLCanvasElement;
  _buffer: HTMLCanvasElement;
  _overlay: HTMLCanvasElement;
  _dpiRatio: number;
  _resizeCanvasIfNeeded(width: number, height: number): void;
  _paintOverlay(): void;
}

/**
 * Room for the grid to grow without new canvases (CSS px): the editor's notice line going away
 * when the whole result is in, a scroll bar going away. Lumino then keeps canvases it finds big
 * enough, and allocates its larger ones only for a larger change (the left sidebar collapsing).
 */
export const FIRST_SIZE_MARGIN_PX = 64;

/** Patch `grid`; false (nothing changed) when its Lumino lacks the parts this relies on. */
export function lightenFirstPaint(grid: DataGrid): boolean {
  const internals = grid as unknown as Partial<ICanvasInternals>;
  const { _canvas: canvas, _buffer: buffer, _overlay: overlay } = internals;
  const resize = internals._resizeCanvasIfNeeded;
  const paintOverlay = internals._paintOverlay;
  if (
    !(canvas instanceof HTMLCanvasElement) ||
    !(buffer instanceof HTMLCanvasElement) ||
    !(overlay instanceof HTMLCanvasElement) ||
    typeof internals._dpiRatio !== 'number' ||
    typeof resize !== 'function' ||
    typeof paintOverlay !== 'function'
  ) {
    return false;
  }
  const own = internals as ICanvasInternals;
  own._resizeCanvasIfNeeded = (width: number, height: number) => {
    if (canvas.width > 0 || canvas.height > 0 || width <= 0 || height <= 0) {
      resize.call(own, width, height);
      return;
    }
    // Nothing is drawn yet, so there is nothing to copy across as Lumino would; once the canvases
    // have a size, Lumino's own method handles every change, and keeps sizes it finds big enough.
    const ratio = own._dpiRatio;
    const w = Math.ceil((width + FIRST_SIZE_MARGIN_PX) * ratio);
    const h = Math.ceil((height + FIRST_SIZE_MARGIN_PX) * ratio);
    for (const node of [buffer, canvas, overlay]) {
      node.width = w;
      node.height = h;
    }
    for (const node of [canvas, overlay]) {
      node.style.width = `${w / ratio}px`;
      node.style.height = `${h / ratio}px`;
    }
  };
  let overlayDrawn = false;
  let overlayPending = false;
  own._paintOverlay = () => {
    if (overlayDrawn) {
      paintOverlay.call(own);
      return;
    }
    if (overlayPending) {
      return;
    }
    overlayPending = true;
    requestAnimationFrame(() => {
      overlayPending = false;
      if (!overlayDrawn && !grid.isDisposed) {
        overlayDrawn = true;
        paintOverlay.call(own);
      }
    });
  };
  return true;
}
