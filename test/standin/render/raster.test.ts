// The rasteriser: HeavyDB's bottom-left origin, pixel coverage, circles, opacity, and the
// whole render (data → scales → marks → PNG) against a small in-memory table.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { Raster } from '../../../heavydb-standin/render/raster.ts';
import {
  deflateLevel,
  renderVega
} from '../../../heavydb-standin/render/render.ts';
import type { IDataTable } from '../../../heavydb-standin/render/render.ts';

const RED = [255, 0, 0, 1] as const;
const at = (r: Raster, col: number, rowFromTop: number) => {
  const i = (rowFromTop * r.width + col) * 4;
  return [...r.pixels.slice(i, i + 4)];
};
const covered = (r: Raster) => {
  const out: string[] = [];
  for (let row = 0; row < r.height; row++) {
    for (let col = 0; col < r.width; col++) {
      if (at(r, col, row)[3] > 0) {
        out.push(`${col},${row}`);
      }
    }
  }
  return out;
};

describe('raster', () => {
  test('a 1-pixel point lands on column floor(x), row floor(y) counted from the bottom', () => {
    const r = new Raster(10, 5);
    r.fill('square', 3.7, 0.2, 1, 1, RED, 1);
    assert.deepEqual(covered(r), ['3,4']);
    assert.deepEqual(at(r, 3, 4), [255, 0, 0, 255]);
  });
  test('a 3-pixel square covers the 3×3 pixels around its centre, clipped at the edges', () => {
    const r = new Raster(4, 4);
    r.fill('square', 0.5, 0.5, 3, 3, RED, 1);
    assert.deepEqual(covered(r), ['0,2', '1,2', '0,3', '1,3']);
  });
  test('a circle leaves out the corners of its box', () => {
    const r = new Raster(5, 5);
    r.fill('circle', 2.5, 2.5, 5, 5, RED, 1);
    const c = covered(r);
    assert.equal(c.length, 21); // 25 pixels minus the 4 corners
    assert.ok(!c.includes('0,0') && c.includes('2,0') && c.includes('0,2'));
  });
  test('opacity composites over what is below', () => {
    const r = new Raster(1, 1);
    r.fill('square', 0.5, 0.5, 1, 1, [0, 0, 255, 1], 1);
    r.fill('square', 0.5, 0.5, 1, 1, RED, 0.5);
    assert.deepEqual(at(r, 0, 0), [128, 0, 128, 255]);
    const clear = new Raster(1, 1);
    clear.fill('square', 0.5, 0.5, 1, 1, RED, 0.5);
    assert.deepEqual(at(clear, 0, 0), [255, 0, 0, 128]);
  });
});

describe('renderVega', () => {
  const table: IDataTable = {
    names: ['x', 'y', 'k'],
    columns: [
      [0, 50, 99, null],
      [0, 25, 49, 10],
      ['a', 'b', 'zzz', 'a']
    ],
    rowCount: 4
  };
  const queries: string[] = [];
  const query = async (sql: string) => {
    queries.push(sql);
    return table;
  };
  const spec = {
    width: 100,
    height: 50,
    data: [{ name: 't', sql: 'SELECT x, y, k FROM t' }],
    scales: [
      { name: 'x', type: 'linear', domain: [0, 100], range: 'width' },
      { name: 'y', type: 'linear', domain: [0, 50], range: 'height' },
      { name: 'c', type: 'ordinal', domain: ['a', 'b'], range: ['red', 'blue'] }
    ],
    marks: [
      {
        type: 'points',
        from: { data: 't' },
        properties: {
          x: { scale: 'x', field: 'x' },
          y: { scale: 'y', field: 'y' },
          fillColor: { scale: 'c', field: 'k' }
        }
      }
    ]
  };

  test('draws each row where the scales put it, skipping rows a scale cannot place', async () => {
    const out = await renderVega(JSON.stringify(spec), 1, query);
    assert.deepEqual(queries, ['SELECT x, y, k FROM t']);
    const png = PNG.sync.read(out.png);
    assert.equal(png.width, 100);
    assert.equal(png.height, 50);
    const px = (col: number, rowFromTop: number) => [
      ...png.data.slice(
        (rowFromTop * 100 + col) * 4,
        (rowFromTop * 100 + col) * 4 + 4
      )
    ];
    assert.deepEqual(px(0, 49), [255, 0, 0, 255]); // (0, 0) → bottom-left, 'a' → red
    assert.deepEqual(px(50, 24), [0, 0, 255, 255]); // (50, 25) → blue
    let opaque = 0;
    for (let i = 3; i < png.data.length; i += 4) {
      opaque += png.data[i] > 0 ? 1 : 0;
    }
    assert.equal(opaque, 2); // 'zzz' has no colour, the NULL x no position
    const meta = JSON.parse(out.metadata);
    assert.deepEqual(meta.scales[0].range, [0, 100]);
    assert.deepEqual(meta.scales[2].range, [
      'rgba(255,0,0,1)',
      'rgba(0,0,255,1)'
    ]);
    assert.deepEqual(meta.data, [{ name: 't', rows: 4 }]);
  });
  test('an unknown column is refused naming the mark property', async () => {
    const bad = structuredClone(spec);
    bad.marks[0].properties.x.field = 'nope';
    await assert.rejects(
      renderVega(JSON.stringify(bad), 1, query),
      /marks\[0\]\.properties\.x\.field: data "t" has no column "nope"/
    );
  });
  test('compression_level sets the deflate level: more compression, fewer bytes, same pixels', async () => {
    assert.deepEqual(
      [-3, 0, 4.4, 9, 12, undefined].map(deflateLevel),
      [0, 0, 4, 9, 9, 3]
    );
    const big = { ...spec, width: 400, height: 400 };
    const stored = await renderVega(JSON.stringify(big), 0, query);
    const best = await renderVega(JSON.stringify(big), 9, query);
    assert.ok(
      stored.png.length > 4 * best.png.length,
      `${stored.png.length} vs ${best.png.length}`
    );
    assert.deepEqual(
      PNG.sync.read(stored.png).data,
      PNG.sync.read(best.png).data
    );
  });
});
