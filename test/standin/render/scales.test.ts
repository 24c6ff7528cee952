// The renderer's scales and colours, and the spec validation that refuses what it cannot draw.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mixColors,
  parseColor
} from '../../../heavydb-standin/render/colors.ts';
import {
  makeScale,
  parseScale
} from '../../../heavydb-standin/render/scales.ts';
import { parseVegaSpec } from '../../../heavydb-standin/render/spec.ts';
import { VegaSpecError } from '../../../heavydb-standin/render/errors.ts';

const scale = (def: object, width = 100, height = 50) =>
  makeScale(parseScale('scales[0]', def, width, height));

describe('colours', () => {
  test('hex, rgb(), rgba() and names', () => {
    assert.deepEqual(parseColor('#f00'), [255, 0, 0, 1]);
    assert.deepEqual(parseColor('#0080FF'), [0, 128, 255, 1]);
    assert.deepEqual(parseColor('#00000080'), [0, 0, 0, 128 / 255]);
    assert.deepEqual(parseColor('rgb(1, 2, 3)'), [1, 2, 3, 1]);
    assert.deepEqual(parseColor('rgba(1,2,3,0.5)'), [1, 2, 3, 0.5]);
    assert.deepEqual(parseColor('Blue'), [0, 0, 255, 1]);
    assert.equal(parseColor('blurple'), undefined);
    assert.equal(parseColor('rgb(300,0,0)'), undefined);
  });
  test('mixing goes channel by channel', () => {
    assert.deepEqual(
      mixColors([0, 0, 0, 0], [255, 100, 10, 1], 0.5),
      [128, 50, 5, 0.5]
    );
  });
});

describe('scales', () => {
  test('linear maps the domain onto "width" and "height", extrapolating unless clamped', () => {
    const x = scale({
      name: 'x',
      type: 'linear',
      domain: [10, 20],
      range: 'width'
    });
    assert.equal(x(10), 0);
    assert.equal(x(15), 50);
    assert.equal(x(30), 200);
    const y = scale({
      name: 'y',
      domain: [0, 1],
      range: 'height',
      clamp: true
    });
    assert.equal(y(0.5), 25);
    assert.equal(y(2), 50);
    assert.equal(y(null), undefined);
  });
  test('linear with colours interpolates, and stays at the ends', () => {
    const c = scale({
      name: 'c',
      domain: [0, 10],
      range: ['#000000', '#ff0000']
    });
    assert.deepEqual(c(5), [128, 0, 0, 1]);
    assert.deepEqual(c(20), [255, 0, 0, 1]);
  });
  test('log is linear in log10', () => {
    const s = scale({
      name: 'l',
      type: 'log',
      domain: [1, 1000],
      range: [0, 300]
    });
    assert.ok(Math.abs((s(10) as number) - 100) < 1e-9);
    assert.ok(Math.abs((s(100) as number) - 200) < 1e-9);
    assert.equal(s(0), undefined);
    assert.equal(s(-5), undefined);
  });
  test('ordinal looks values up, with a default and a nullValue', () => {
    const s = scale({
      name: 'o',
      type: 'ordinal',
      domain: ['AA', 'DL', 'UA'],
      range: ['red', 'blue'],
      default: 'gray',
      nullValue: 'black'
    });
    assert.deepEqual(s('AA'), [255, 0, 0, 1]);
    assert.deepEqual(s('DL'), [0, 0, 255, 1]);
    assert.deepEqual(s('UA'), [255, 0, 0, 1]); // the range repeats
    assert.deepEqual(s('B6'), [128, 128, 128, 1]);
    assert.deepEqual(s(null), [0, 0, 0, 1]);
    const noDefault = scale({
      name: 'o',
      type: 'ordinal',
      domain: [1],
      range: [5]
    });
    assert.equal(noDefault(2), undefined);
  });
  test('quantize splits the domain into as many equal bins as the range has values', () => {
    const s = scale({
      name: 'q',
      type: 'quantize',
      domain: [0, 30],
      range: [1, 2, 3]
    });
    assert.deepEqual(
      [-5, 0, 9.99, 10, 25, 30, 99].map(v => s(v)),
      [1, 1, 1, 2, 3, 3, 3]
    );
  });
  test('invalid scales are refused naming the part', () => {
    assert.throws(
      () =>
        parseScale(
          'scales[2]',
          { name: 'p', type: 'pow', domain: [0, 1], range: [0, 1] },
          1,
          1
        ),
      /scales\[2\]\.type: scale type "pow" is not supported/
    );
    assert.throws(
      () =>
        parseScale(
          'scales[0]',
          { name: 'p', domain: [0, 1], range: [0, 'nope'] },
          1,
          1
        ),
      /scales\[0\]\.range\[1\]/
    );
    assert.throws(
      () =>
        parseScale(
          'scales[0]',
          { name: 'l', type: 'log', domain: [0, 1], range: 'width' },
          1,
          1
        ),
      /positive domain/
    );
    assert.throws(
      () =>
        parseScale(
          'scales[0]',
          { name: 'x', domain: [0, 1], range: 'width', zero: true },
          1,
          1
        ),
      /scales\[0\]\.zero/
    );
  });
});

describe('spec validation', () => {
  const base = {
    width: 10,
    height: 10,
    data: [{ name: 't', sql: 'SELECT 1 AS x' }],
    marks: [
      {
        type: 'points',
        from: { data: 't' },
        properties: { x: { field: 'x' }, y: 1 }
      }
    ]
  };
  const refused = (spec: object, pattern: RegExp) =>
    assert.throws(
      () => parseVegaSpec(JSON.stringify(spec)),
      (err: unknown) =>
        err instanceof VegaSpecError && pattern.test(err.message)
    );

  test('a points spec parses with defaults for size, colour and opacity', () => {
    const spec = parseVegaSpec(JSON.stringify(base));
    assert.equal(spec.marks[0].shape, 'square');
    assert.deepEqual(spec.marks[0].width, { kind: 'constant', value: 1 });
    assert.deepEqual(spec.marks[0].opacity, { kind: 'constant', value: 1 });
  });
  test('unsupported parts are named', () => {
    refused(
      { ...base, projections: [] },
      /^Vega spec: projections: the property "projections" is not supported/
    );
    refused(
      { ...base, marks: [{ ...base.marks[0], type: 'lines' }] },
      /marks\[0\]\.type: mark type "lines" is not supported .*points, symbol/
    );
    refused(
      {
        ...base,
        marks: [
          {
            type: 'symbol',
            from: { data: 't' },
            properties: { shape: 'cross', x: 1, y: 1 }
          }
        ]
      },
      /marks\[0\]\.properties\.shape: symbol shape "cross"/
    );
    refused(
      {
        ...base,
        marks: [
          { ...base.marks[0], properties: { x: 1, y: 1, strokeColor: 'red' } }
        ]
      },
      /marks\[0\]\.properties\.strokeColor/
    );
    refused(
      { ...base, data: [{ name: 't', values: [] }] },
      /data\[0\]\.values/
    );
    refused(
      {
        ...base,
        marks: [{ ...base.marks[0], properties: { x: { signal: 'a' }, y: 1 } }]
      },
      /marks\[0\]\.properties\.x\.signal/
    );
  });
  test('invalid specs say what is wrong', () => {
    refused({ ...base, width: 0 }, /^Vega spec: width: must be an integer/);
    assert.throws(
      () => parseVegaSpec('{"width":'),
      /Vega spec: \(root\): not valid JSON/
    );
    refused(
      { ...base, marks: [{ ...base.marks[0], from: { data: 'nope' } }] },
      /no data entry named "nope"/
    );
    refused(
      {
        ...base,
        marks: [
          {
            ...base.marks[0],
            properties: { x: { scale: 'x', field: 'x' }, y: 1 }
          }
        ]
      },
      /no scale named "x"/
    );
    refused(
      {
        ...base,
        marks: [
          { ...base.marks[0], properties: { x: 1, y: 1, fillColor: 'blurple' } }
        ]
      },
      /"blurple" is not a colour/
    );
  });
  test('symbols take xc/yc and width/height as HeavyDB names them', () => {
    const spec = parseVegaSpec(
      JSON.stringify({
        ...base,
        marks: [
          {
            type: 'symbol',
            from: { data: 't' },
            properties: { shape: 'circle', xc: 1, yc: 2, width: 5 }
          }
        ]
      })
    );
    assert.equal(spec.marks[0].shape, 'circle');
    assert.deepEqual(spec.marks[0].y, { kind: 'constant', value: 2 });
    assert.equal(spec.marks[0].height, spec.marks[0].width);
  });
});
