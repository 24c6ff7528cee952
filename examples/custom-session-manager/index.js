// A HeavyAI session manager that asks a URL of the deployer's choice for the
// session, sending the browser's cookies (credentials: 'include'), instead of
// waiting for the Immerse page to hand one over. It is the browser-only
// counterpart of replacing the server's session manager class (seed §4).
//
// Select it in jupyter-lite.json:
//   "heavyai": {
//     "sessionManagerId": "heavyai-example:url-session-manager",
//     "sessionUrl": "https://immerse.example.com/api/notebook-session"
//   }
// The URL answers JSON in the hand-off shape: { session, connection?, environment?, query? },
// and must allow the site's origin with credentials (CORS).
import { PageConfig } from '@jupyterlab/coreutils';
import { Signal } from '@lumino/signaling';
import {
  IHeavyAIConfig,
  IHeavyAISessionManagerRegistry,
  recordFromPayload,
  validateSessionPayload
} from 'jupyterlite-heavyai';

const MANAGER_ID = 'heavyai-example:url-session-manager';

function sessionUrl() {
  try {
    return JSON.parse(PageConfig.getOption('heavyai') || '{}').sessionUrl || '';
  } catch {
    return '';
  }
}

class UrlSessionManager {
  constructor(url, config) {
    this.id = MANAGER_ID;
    this._url = url;
    this._config = config;
    this._changed = new Signal(this);
  }

  get changed() {
    return this._changed;
  }

  async getSession() {
    if (!this._url) {
      throw new Error('heavyai.sessionUrl is not set in jupyter-lite.json');
    }
    const response = await fetch(this._url, {
      credentials: 'include',
      cache: 'no-store'
    });
    if (!response.ok) {
      throw new Error(`${this._url} answered HTTP ${response.status}`);
    }
    const checked = validateSessionPayload(await response.json());
    if (!checked.ok) {
      throw new Error(
        `${this._url} sent an invalid session: ${checked.reason}`
      );
    }
    const record = recordFromPayload(
      checked.value,
      new URL(this._url).origin,
      Date.now(),
      this._config,
      location.href
    );
    if (!record.ok) {
      throw new Error(`${this._url} sent an invalid session: ${record.reason}`);
    }
    return record.value;
  }

  async setSession() {
    throw new Error(
      'This site reads its HeavyAI session from its session URL, not from the host page.'
    );
  }

  async clear() {
    // Nothing is kept here: the next getSession() asks the URL again.
    this._changed.emit(undefined);
  }
}

const plugin = {
  id: 'heavyai-example:url-session-manager-plugin',
  description:
    'Example: offers a HeavyAI session manager that fetches the session from a URL.',
  autoStart: true,
  requires: [IHeavyAISessionManagerRegistry, IHeavyAIConfig],
  activate: (app, registry, { config }) => {
    registry.register(
      MANAGER_ID,
      () => new UrlSessionManager(sessionUrl(), config)
    );
  }
};

export default plugin;
