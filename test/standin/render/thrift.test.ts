// render_vega over HeavyDB's Thrift service, through the real @heavyai/connector (JSON and
// binary protocols): a PNG of the spec's size, timings, the nonce, HeavyDB-style refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { startStandin } from '../../../heavydb-standin/server.ts';
import type { IStandin } from '../../../heavydb-standin/server.ts';
import { conWithSession } from '../../../heavydb-standin/testkit.ts';
import type { DbCon } from '../../../heavydb-standin/testkit.ts';

const SESSION = 'sess-render';
let standin: IStandin;
let con: DbCon;
let binary: DbCon;

before(async () => {
  standin = await startStandin({ port: 0, sessions: [SESSION] });
  con = conWithSession(standin.port, SESSION);
  binary = conWithSession(standin.port, SESSION, true);
});
after(() => standin.close());

const spec = {
  width: 64,
  height: 32,
  data: [
    {
      name: 'few',
      sql: 'SELECT flight_id AS x, flight_id % 2 AS y FROM flights WHERE flight_id <= 8'
    }
  ],
  scales: [
    { name: 'x', type: 'linear', domain: [0, 8], range: 'width' },
    { name: 'y', type: 'linear', domain: [0, 1], range: [4, 28] }
  ],
  marks: [
    {
      type: 'symbol',
      from: { data: 'few' },
      properties: {
        shape: 'square',
        xc: { scale: 'x', field: 'x' },
        yc: { scale: 'y', field: 'y' },
        width: 3,
        fillColor: '#00ff00'
      }
    }
  ]
};

/** The image as bytes, whichever form the connector build hands it over in. */
const imageBytes = (image: unknown): Buffer =>
  Buffer.isBuffer(image) ? image : Buffer.from(String(image), 'base64');

describe('render_vega through the connector', () => {
  for (const [name, c] of [
    ['JSON', () => con],
    ['binary', () => binary]
  ] as const) {
    test(`${name} protocol: a PNG of the spec's size with marks where the scales put them`, async () => {
      const result = await c().renderVegaAsync(1, JSON.stringify(spec), {
        compressionLevel: 1,
        logValues: 'nonce-7'
      });
      const png = PNG.sync.read(imageBytes(result.image));
      assert.equal(png.width, 64);
      assert.equal(png.height, 32);
      const px = (col: number, y: number) => {
        const i = ((31 - y) * 64 + col) * 4;
        return [...png.data.slice(i, i + 4)];
      };
      // flight 3: x = 3/8·64 = 24, y (odd) = 28 → column 24, row 28 from the bottom
      assert.deepEqual(px(24, 28), [0, 255, 0, 255]);
      assert.deepEqual(px(24, 4), [0, 0, 0, 0]);
      // flight 4: even → y 4
      assert.deepEqual(px(32, 4), [0, 255, 0, 255]);
      assert.equal(result.nonce, 'nonce-7');
      for (const key of [
        'execution_time_ms',
        'render_time_ms',
        'total_time_ms'
      ]) {
        assert.ok(Number(result[key]) >= 0, key);
      }
      assert.ok(
        Number(result.total_time_ms) >= Number(result.execution_time_ms)
      );
      assert.deepEqual(JSON.parse(result.vega_metadata).data, [
        { name: 'few', rows: 8 }
      ]);
    });
  }

  test('a spec outside the subset is refused with a TDBException naming the part', async () => {
    const bad = { ...spec, marks: [{ ...spec.marks[0], type: 'polys' }] };
    await assert.rejects(
      con.renderVegaAsync(1, JSON.stringify(bad)),
      (err: any) => {
        assert.match(
          String(err.error_msg ?? err.message),
          /Vega spec: marks\[0\]\.type: mark type "polys" is not supported/
        );
        return true;
      }
    );
  });

  test("bad SQL in a data entry fails with the engine's message", async () => {
    const bad = {
      ...spec,
      data: [{ name: 'few', sql: 'SELECT nope FROM flights' }]
    };
    await assert.rejects(
      con.renderVegaAsync(1, JSON.stringify(bad)),
      (err: any) => {
        assert.match(String(err.error_msg ?? err.message), /nope/);
        return true;
      }
    );
  });

  test('a data entry that would change data is refused, and nothing changes', async () => {
    const drop = {
      ...spec,
      data: [{ name: 'few', sql: 'DROP TABLE flights' }]
    };
    await assert.rejects(
      con.renderVegaAsync(1, JSON.stringify(drop)),
      (err: any) => {
        assert.match(
          String(err.error_msg ?? err.message),
          /data entry must be a read query/
        );
        return true;
      }
    );
    const count = await con.queryAsync('SELECT COUNT(*) AS n FROM flights');
    assert.equal(Number(count[0].n), 1_000_000);
  });

  test('an unknown session is refused before anything renders', async () => {
    const stranger = conWithSession(standin.port, 'not-a-session');
    await assert.rejects(
      stranger.renderVegaAsync(1, JSON.stringify(spec)),
      (err: any) => {
        assert.match(String(err.error_msg ?? err.message), /Session not valid/);
        return true;
      }
    );
  });

  test('the server status says rendering is enabled', async () => {
    const [status] = await con.getStatusAsync();
    assert.equal(status.rendering_enabled, true);
  });
});
