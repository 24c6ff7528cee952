import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isHeavyAIRoute,
  stripRouteParam,
  stripSearchParams
} from '../../src/workspace/route-param';

describe('isHeavyAIRoute', () => {
  const yes = [
    '?heavyai',
    '?heavyai=',
    '?heavyai=1',
    '?heavyai&reset',
    '?heavyai=&reset=',
    '?reset&heavyai',
    '?foo=1&heavyai',
    '?foo=1&heavyai=&bar',
    'heavyai',
    '?omnisci',
    '?omnisci=&reset',
    '?reset=&omnisci=',
    '?%68eavyai'
  ];
  const no = [
    '',
    '?',
    '?heavyaiX',
    '?xheavyai',
    '?heavyai_x=1',
    '?foo=heavyai',
    '?reset',
    '?omniscience',
    '?foo&bar=heavyai&baz'
  ];

  for (const search of yes) {
    it(`recognises ${JSON.stringify(search)}`, () =>
      assert.equal(isHeavyAIRoute(search), true));
  }
  for (const search of no) {
    it(`does not recognise ${JSON.stringify(search)}`, () =>
      assert.equal(isHeavyAIRoute(search), false));
  }
});

describe('stripRouteParam', () => {
  const cases: Array<[string, string]> = [
    ['?heavyai', ''],
    ['?heavyai=', ''],
    ['?heavyai&reset', '?reset'],
    ['?foo=1&heavyai=&bar=2', '?foo=1&bar=2'],
    ['?omnisci&heavyai&x', '?x'],
    ['?heavyaiX=1&heavyai', '?heavyaiX=1'],
    ['?a=%20b&heavyai', '?a=%20b'],
    ['', ''],
    ['?', '']
  ];
  for (const [input, expected] of cases) {
    it(`turns ${JSON.stringify(input)} into ${JSON.stringify(expected)}`, () => {
      assert.equal(stripRouteParam(input), expected);
    });
  }

  it('can strip other names too', () => {
    assert.equal(
      stripSearchParams('?heavyai&reset&keep', ['heavyai', 'reset']),
      '?keep'
    );
  });
});
