import type { Frame, Page } from '@playwright/test';

/** A rendering Vega spec of `flights` whose marks the tests can locate pixel by pixel. */
export interface IVegaExample {
  name: string;
  spec: Record<string, unknown>;
}

/** Put a notebook into the site's drive (JupyterLite's own contents service). */
export async function saveNotebook(
  page: Page | Frame,
  path: string,
  cells: { source: string; outputs: unknown[]; trusted?: boolean }[]
): Promise<void> {
  const content = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python', display_name: 'Python (Pyodide)' }
    },
    cells: cells.map((c, i) => ({
      id: `cell-${i}`,
      cell_type: 'code',
      execution_count: 1,
      metadata: c.trusted ? { trusted: true } : {},
      source: c.source,
      outputs: c.outputs
    }))
  };
  await page.evaluate(
    async ([p, c]) => {
      const app = (window as any).jupyterapp;
      await app.serviceManager.contents.save(p, {
        type: 'notebook',
        format: 'json',
        content: c
      });
    },
    [path, content] as const
  );
}

/** A display_data output holding `spec` under the Vega MIME type. */
export function vegaOutput(
  spec: unknown,
  mimeType = 'application/vnd.heavyai.vega+json'
) {
  return {
    output_type: 'display_data',
    data: { [mimeType]: spec, 'text/plain': '<HeavyDB Vega spec>' },
    metadata: {}
  };
}

/**
 * The RGBA pixels of the `index`-th shown chart at the given points, (x, y) counted from the
 * bottom-left as HeavyDB places marks; also the image's natural size.
 */
export async function chartPixels(
  page: Page | Frame,
  index: number,
  points: [number, number][]
): Promise<{ width: number; height: number; pixels: number[][] }> {
  return page.evaluate(
    async ([i, pts]) => {
      const img = document.querySelectorAll<HTMLImageElement>(
        '.jp-HeavyAIVega-image'
      )[i];
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const pixels = pts.map(([x, y]) => [
        ...ctx.getImageData(x, img.naturalHeight - 1 - y, 1, 1).data
      ]);
      return { width: img.naturalWidth, height: img.naturalHeight, pixels };
    },
    [index, points] as const
  );
}
