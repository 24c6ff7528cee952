// An RGBA raster with HeavyDB's orientation (origin at the bottom-left, y up) and
// straight-alpha "over" compositing of filled squares and circles.
import type { Rgba } from './colors.ts';
import type { Shape } from './spec.ts';

export class Raster {
  /** Rows top to bottom, as PNG stores them; starts fully transparent. */
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number
  ) {
    this.pixels = new Uint8Array(width * height * 4);
  }

  /**
   * Fills a `w`×`h` square or circle centred on (`x`, `y`), in pixels from the bottom-left
   * corner. A pixel is covered when its centre lies inside the shape, so a 1-pixel mark
   * at x lands on column floor(x).
   */
  fill(
    shape: Shape,
    x: number,
    y: number,
    w: number,
    h: number,
    color: Rgba,
    opacity: number
  ): void {
    const alpha = color[3] * Math.max(0, Math.min(1, opacity));
    if (
      !(alpha > 0) ||
      !(w > 0) ||
      !(h > 0) ||
      !Number.isFinite(x + y + w + h)
    ) {
      return;
    }
    const c0 = Math.max(0, Math.floor(x - w / 2 - 0.5) + 1);
    const c1 = Math.min(this.width - 1, Math.floor(x + w / 2 - 0.5));
    const r0 = Math.max(0, Math.floor(y - h / 2 - 0.5) + 1);
    const r1 = Math.min(this.height - 1, Math.floor(y + h / 2 - 0.5));
    const round = shape === 'circle' && (w > 1 || h > 1);
    const rx = w / 2;
    const ry = h / 2;
    for (let row = r0; row <= r1; row++) {
      const dy = (row + 0.5 - y) / ry;
      const offset = (this.height - 1 - row) * this.width;
      for (let col = c0; col <= c1; col++) {
        if (round) {
          const dx = (col + 0.5 - x) / rx;
          if (dx * dx + dy * dy > 1) {
            continue;
          }
        }
        this.blend((offset + col) * 4, color, alpha);
      }
    }
  }

  private blend(i: number, color: Rgba, alpha: number): void {
    const p = this.pixels;
    if (alpha >= 1) {
      p[i] = color[0];
      p[i + 1] = color[1];
      p[i + 2] = color[2];
      p[i + 3] = 255;
      return;
    }
    const below = (p[i + 3] / 255) * (1 - alpha);
    const out = alpha + below;
    p[i] = Math.round((color[0] * alpha + p[i] * below) / out);
    p[i + 1] = Math.round((color[1] * alpha + p[i + 1] * below) / out);
    p[i + 2] = Math.round((color[2] * alpha + p[i + 2] * below) / out);
    p[i + 3] = Math.round(out * 255);
  }
}
