import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  endpointResponse,
  isScriptRead,
  refusedEndpointResponse
} from '../../src/service-worker/endpoint';
import { defaultConfig } from '../../src/site-config';

describe('which requests the session endpoint answers', () => {
  it('answers fetch and XHR (destination "") in any non-navigation mode', () => {
    for (const mode of ['cors', 'same-origin', 'no-cors']) {
      assert.ok(isScriptRead({ mode, destination: '' }), mode);
    }
  });
  it('refuses navigations and subresource loads', () => {
    assert.ok(!isScriptRead({ mode: 'navigate', destination: 'document' }));
    assert.ok(!isScriptRead({ mode: 'navigate', destination: 'iframe' }));
    for (const destination of [
      'script',
      'image',
      'style',
      'worker',
      'sharedworker',
      'object',
      'embed',
      'iframe'
    ]) {
      assert.ok(!isScriptRead({ mode: 'no-cors', destination }), destination);
    }
  });
  it('sends nosniff and no-store with the session and with the refusal, and the refusal holds no session', async () => {
    const record = {
      session: 'S-123456',
      connection: {
        protocol: 'https' as const,
        host: 'db.example.com',
        port: 443
      },
      environment: {},
      query: '',
      receivedAt: 0,
      senderOrigin: 'https://immerse.example.com'
    };
    const ok = endpointResponse(record, defaultConfig());
    const refused = refusedEndpointResponse();
    for (const response of [ok, refused]) {
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('cache-control'), 'no-store');
    }
    assert.equal(refused.status, 403);
    assert.ok(!(await refused.text()).includes('S-123456'));
    assert.equal((await ok.json()).session, 'S-123456');
  });
});
