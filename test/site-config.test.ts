import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultConfig,
  isOriginAllowed,
  parseHeavyAIConfig,
  readHeavyAIConfig
} from '../src/site-config';
import { needsConfigParser } from '../src/site-config-defaults';
import { normalizeOrigin } from '../src/wire/origin';

describe('parseHeavyAIConfig', () => {
  it('returns the defaults for a missing section, with no warnings', () => {
    for (const input of [undefined, null, '']) {
      const { config, warnings } = parseHeavyAIConfig(input);
      assert.deepEqual(config, {
        allowedOrigins: [],
        sessionManager: {
          protocol: 'HEAVYAI_PROTOCOL',
          host: 'HEAVYAI_HOST',
          port: 'HEAVYAI_PORT'
        },
        sessionManagerId: 'jupyterlite-heavyai:default-session-manager',
        waitForSessionMs: 10000
      });
      assert.deepEqual(warnings, []);
    }
  });

  it('never throws on garbage and says why it fell back', () => {
    for (const input of [
      42,
      true,
      [],
      'not json',
      '[1,2]',
      new Date(),
      () => 1
    ]) {
      const { config, warnings } = parseHeavyAIConfig(input);
      assert.deepEqual(config, defaultConfig());
      assert.equal(warnings.length, 1, String(input));
    }
  });

  it('parses a JSON string section, as PageConfig stores objects', () => {
    const { config, warnings } = parseHeavyAIConfig(
      JSON.stringify({
        allowedOrigins: ['https://immerse.example.com'],
        waitForSessionMs: 2500
      })
    );
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.allowedOrigins, ['https://immerse.example.com']);
    assert.equal(config.waitForSessionMs, 2500);
  });

  it('reads a complete, valid section', () => {
    const { config, warnings } = parseHeavyAIConfig({
      allowedOrigins: [
        'HTTPS://Immerse.Example.com:443',
        'http://localhost:6273/',
        'https://immerse.example.com'
      ],
      sessionManager: {
        protocol: 'DB_PROTO',
        host: 'DB_HOST',
        port: 'DB_PORT'
      },
      connection: {
        protocol: 'HTTPS',
        host: 'db.example.com',
        port: '6278',
        database: 'heavyai'
      },
      sessionManagerId: 'my-org:session-manager',
      waitForSessionMs: 0
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(config, {
      allowedOrigins: ['https://immerse.example.com', 'http://localhost:6273'],
      sessionManager: {
        protocol: 'DB_PROTO',
        host: 'DB_HOST',
        port: 'DB_PORT'
      },
      connection: {
        protocol: 'https',
        host: 'db.example.com',
        port: 6278,
        database: 'heavyai'
      },
      sessionManagerId: 'my-org:session-manager',
      waitForSessionMs: 0
    });
  });

  it('keeps good entries and warns about each bad one', () => {
    const { config, warnings } = parseHeavyAIConfig({
      allowedOrigins: [
        'https://ok.example.com',
        '*',
        'https://*.example.com',
        'https://immerse.example.com/path',
        'https://immerse.example.com?x',
        'https://user@immerse.example.com',
        'ftp://files.example.com',
        'javascript:alert(1)',
        'immerse.example.com',
        'null',
        7
      ],
      sessionManager: { protocol: 'BAD-NAME', host: 5, port: 'PORT_OK' },
      connection: { protocol: 'javascript', host: 'db', port: 1 },
      sessionManagerId: '',
      waitForSessionMs: -5
    });
    assert.deepEqual(config.allowedOrigins, ['https://ok.example.com']);
    assert.deepEqual(config.sessionManager, {
      protocol: 'HEAVYAI_PROTOCOL',
      host: 'HEAVYAI_HOST',
      port: 'PORT_OK'
    });
    assert.equal(config.connection, undefined);
    assert.equal(
      config.sessionManagerId,
      'jupyterlite-heavyai:default-session-manager'
    );
    assert.equal(config.waitForSessionMs, 10000);
    assert.equal(warnings.length, 10 + 2 + 1 + 1 + 1);
    assert.ok(warnings.some(w => /allowedOrigins\[1\].*wildcard/.test(w)));
    assert.ok(warnings.some(w => /allowedOrigins\[3\].*path/.test(w)));
    assert.ok(warnings.some(w => /allowedOrigins\[5\].*credentials/.test(w)));
    assert.ok(warnings.some(w => /connection\.protocol/.test(w)));
  });

  it('warns when allowedOrigins or sessionManager have the wrong shape', () => {
    const { config, warnings } = parseHeavyAIConfig({
      allowedOrigins: 'https://immerse.example.com',
      sessionManager: ['HOST'],
      waitForSessionMs: '100'
    });
    assert.deepEqual(config, defaultConfig());
    assert.equal(warnings.length, 3);
  });

  it('rejects a wait longer than ten minutes', () => {
    const { config, warnings } = parseHeavyAIConfig({
      waitForSessionMs: 3_600_000
    });
    assert.equal(config.waitForSessionMs, 10000);
    assert.equal(warnings.length, 1);
  });
});

describe('readHeavyAIConfig', () => {
  it('picks the heavyai key out of jupyter-config-data', () => {
    const { config } = readHeavyAIConfig({
      appName: 'JupyterLite',
      heavyai: { sessionManagerId: 'x:y' }
    });
    assert.equal(config.sessionManagerId, 'x:y');
  });

  it('falls back on a missing or odd config object', () => {
    assert.deepEqual(readHeavyAIConfig(undefined).config, defaultConfig());
    assert.deepEqual(readHeavyAIConfig({}).config, defaultConfig());
    const odd = readHeavyAIConfig('garbage');
    assert.deepEqual(odd.config, defaultConfig());
    assert.equal(odd.warnings.length, 1);
  });
});

describe('isOriginAllowed', () => {
  const page = 'https://notebooks.example.com';

  it('allows only the page origin by default', () => {
    const config = defaultConfig();
    assert.equal(
      isOriginAllowed('https://notebooks.example.com', config, page),
      true
    );
    assert.equal(
      isOriginAllowed('https://immerse.example.com', config, page),
      false
    );
    assert.equal(
      isOriginAllowed('http://notebooks.example.com', config, page),
      false
    );
    assert.equal(
      isOriginAllowed('https://notebooks.example.com:8443', config, page),
      false
    );
  });

  it('also allows listed origins, compared after normalisation', () => {
    const { config } = parseHeavyAIConfig({
      allowedOrigins: ['https://immerse.example.com']
    });
    assert.equal(
      isOriginAllowed('https://immerse.example.com', config, page),
      true
    );
    assert.equal(
      isOriginAllowed('https://IMMERSE.example.com:443', config, page),
      true
    );
    assert.equal(
      isOriginAllowed('https://immerse.example.com.evil.com', config, page),
      false
    );
    assert.equal(isOriginAllowed('https://evil.com', config, page), false);
  });

  it('never allows opaque or malformed origins, even when the page is opaque', () => {
    const config = defaultConfig();
    assert.equal(isOriginAllowed('null', config, 'null'), false);
    assert.equal(isOriginAllowed('', config, page), false);
    assert.equal(
      isOriginAllowed('*', { ...config, allowedOrigins: ['*'] }, page),
      false
    );
  });
});

describe('normalizeOrigin', () => {
  it('normalises case and default ports', () => {
    assert.deepEqual(normalizeOrigin('HTTP://LocalHost:80'), {
      ok: true,
      value: 'http://localhost'
    });
    assert.deepEqual(normalizeOrigin('https://[::1]:8443/'), {
      ok: true,
      value: 'https://[::1]:8443'
    });
  });

  it('refuses non-origins', () => {
    for (const input of [
      'https://a.example/x',
      'https://a.example/#',
      'data:text/html,x',
      'https://a.example//',
      7
    ]) {
      assert.equal(normalizeOrigin(input).ok, false, String(input));
    }
  });
});

describe('needsConfigParser', () => {
  const pages: unknown[] = [
    {},
    { appName: 'x' },
    { heavyai: undefined },
    { heavyai: null },
    { heavyai: '' },
    { heavyai: {} },
    { heavyai: '{}' },
    { heavyai: 'not json' },
    { heavyai: { allowedOrigins: ['https://immerse.example.com'] } },
    { heavyai: { connection: { host: 'db', port: 6278 } } },
    [],
    'text',
    null,
    undefined,
    42
  ];

  it('skips the parser only where its reading is the defaults without warnings', () => {
    for (const data of pages) {
      if (!needsConfigParser(data)) {
        assert.deepEqual(
          readHeavyAIConfig(data),
          { config: defaultConfig(), warnings: [] },
          JSON.stringify(data)
        );
      }
    }
  });

  it('asks for the parser whenever the page has a heavyai section or is not an object', () => {
    assert.equal(needsConfigParser({}), false);
    assert.equal(needsConfigParser({ appName: 'x', heavyai: '' }), false);
    assert.equal(needsConfigParser({ heavyai: {} }), true);
    assert.equal(needsConfigParser({ heavyai: 'not json' }), true);
    assert.equal(
      needsConfigParser({ heavyai: { sessionManagerId: 'x' } }),
      true
    );
    assert.equal(needsConfigParser([]), true);
    assert.equal(needsConfigParser('text'), true);
    // An inherited key is not the page's section (the parser reads own values only).
    assert.equal(
      needsConfigParser(Object.create({ heavyai: { x: 1 } })),
      false
    );
  });
});
