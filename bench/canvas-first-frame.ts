// What it costs the bench's Chromium to put a grid's canvases on screen for the first time: in a
// blank page, one animation frame adds a paragraph of text and, depending on the variant, canvases
// like the result grid's (cells drawn on one, the overlay above it cleared, left untouched or left
// out) or the same cells as an HTML table (what a text-first grid would show instead);
// printed is the time from that frame to its presentation (Element Timing on the text), the
// median of N fresh pages per variant, variants interleaved. The grid's viewport in the deep link
// is 932 × 581 px, which Lumino gives 1024 × 1024 canvases (src/sql-editor/light-first-paint.ts).
//
//   node --import tsx bench/canvas-first-frame.ts [pages per variant, default 8]
//
// A diagnostic beside `npm run bench` (docs/decisions.md cites its output), not part of it.
import { freshContext, launch, median } from './lib';

interface IVariant {
  name: string;
  /** Canvas size (px), or none: text only. */
  size?: [number, number];
  /** The overlay canvas above: cleared in the frame (as Lumino does), or added untouched. */
  overlay?: 'cleared' | 'untouched' | 'none';
  /** Instead of canvases: the same cells as an HTML table. */
  table?: boolean;
}

const VIEWPORT: [number, number] = [932, 581];
const VARIANTS: IVariant[] = [
  { name: 'text only' },
  {
    name: 'Lumino: 1024 × 1024, overlay cleared',
    size: [1024, 1024],
    overlay: 'cleared'
  },
  {
    name: '1024 × 1024, overlay untouched',
    size: [1024, 1024],
    overlay: 'untouched'
  },
  {
    name: 'viewport + 64 px, overlay untouched',
    size: [996, 645],
    overlay: 'untouched'
  },
  { name: 'viewport, overlay untouched', size: VIEWPORT, overlay: 'untouched' },
  { name: 'viewport + 64 px, no overlay', size: [996, 645], overlay: 'none' },
  { name: 'the cells as an HTML table', table: true }
];

/** Page-side: the frame's presentation time minus its start, for one variant. */
function firstFrame(variant: IVariant & { viewport: [number, number] }) {
  return new Promise<number>(resolve => {
    let start = 0;
    new PerformanceObserver(list => {
      for (const entry of list.getEntries() as any[]) {
        if (entry.identifier === 'probe') {
          resolve(entry.renderTime - start);
        }
      }
    }).observe({ type: 'element' });
    requestAnimationFrame(() => {
      start = performance.now();
      const text = document.createElement('p');
      text.setAttribute('elementtiming', 'probe');
      text.textContent = 'The first rows of a result. '.repeat(20);
      document.body.append(text);
      if (variant.table) {
        const table = document.createElement('table');
        table.style.cssText = `position:absolute;left:80px;top:120px;width:${variant.viewport[0]}px;border-collapse:collapse;font:12px monospace`;
        for (let row = 0; row < 24; row++) {
          const tr = table.insertRow();
          for (let column = 0; column < 7; column++) {
            const td = tr.insertCell();
            td.style.cssText =
              'height:23px;padding:0 5px;border:1px solid #ddd';
            td.textContent = '12345.678';
          }
        }
        document.body.append(table);
        return;
      }
      if (!variant.size) {
        return;
      }
      const [w, h] = variant.size;
      const [vw, vh] = variant.viewport;
      const canvas = () => {
        const node = document.createElement('canvas');
        node.width = w;
        node.height = h;
        node.style.cssText = `position:absolute;left:80px;top:120px;width:${w}px;height:${h}px`;
        document.body.append(node);
        return node.getContext('2d')!;
      };
      const cells = canvas();
      cells.fillStyle = '#fff';
      cells.fillRect(0, 0, vw, vh);
      cells.fillStyle = '#000';
      cells.font = '12px monospace';
      for (let row = 0; row < 24; row++) {
        for (let column = 0; column < 7; column++) {
          cells.fillText('12345.678', column * 130 + 5, row * 24 + 16);
        }
      }
      if (variant.overlay === 'none') {
        return;
      }
      const overlay = canvas();
      if (variant.overlay === 'cleared') {
        overlay.clearRect(0, 0, w, h);
      }
    });
  });
}

async function main(): Promise<void> {
  const pages = Number(process.argv[2] ?? 8);
  const browser = await launch();
  const samples = VARIANTS.map(() => [] as number[]);
  try {
    for (let i = 0; i < pages; i++) {
      for (const [k, variant] of VARIANTS.entries()) {
        const context = await freshContext(browser);
        const page = await context.newPage();
        await page.setContent('<body style="margin:0;font:13px sans-serif">');
        await page.waitForTimeout(200);
        samples[k].push(
          await page.evaluate(firstFrame, { ...variant, viewport: VIEWPORT })
        );
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  VARIANTS.forEach((variant, k) =>
    console.log(
      `${variant.name.padEnd(40)} median ${median(samples[k]).toFixed(0)} ms (${samples[k].map(ms => ms.toFixed(0)).join(', ')})`
    )
  );
}

void main();
