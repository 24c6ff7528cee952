/**
 * A window just big enough for the hand-off inputs: a URL, history, a parent
 * that records what is posted to it, and listeners that can be counted and
 * fired. Not a browser: the UI tests cover the real one.
 */
export interface IPosted {
  message: any;
  targetOrigin: string;
}

export class FakeHostWindow {
  posted: IPosted[] = [];
  postMessage(message: unknown, targetOrigin: string): void {
    this.posted.push({ message, targetOrigin });
  }
}

export class FakeWindow {
  constructor(options: {
    href: string;
    parentOrigin?: string;
    config?: object;
    /** A page opened on its own: its parent is itself (as a browser's top-level window's is). */
    topLevel?: boolean;
  }) {
    this._url = new URL(options.href);
    this.parent = options.topLevel
      ? (this as unknown as FakeHostWindow)
      : new FakeHostWindow();
    this._ancestor = options.parentOrigin;
    this._config = options.config ?? {};
  }

  readonly parent: FakeHostWindow;
  readonly opener = null;
  readonly listeners = new Map<string, Set<(event: any) => void>>();

  get location() {
    const url = this._url;
    const ancestor = this._ancestor;
    return {
      get hash() {
        return url.hash;
      },
      get pathname() {
        return url.pathname;
      },
      get search() {
        return url.search;
      },
      get href() {
        return url.href;
      },
      get origin() {
        return url.origin;
      },
      ancestorOrigins: ancestor ? [ancestor] : []
    };
  }

  readonly history = {
    state: null,
    replaceState: (_state: unknown, _title: string, url: string) => {
      this._url = new URL(url, this._url);
    }
  };

  get document() {
    const config = this._config;
    return {
      referrer: '',
      getElementById: (id: string) =>
        id === 'jupyter-config-data'
          ? { textContent: JSON.stringify(config) }
          : null
    };
  }

  addEventListener(type: string, listener: (event: any) => void): void {
    if (!this.listeners.has(type)) {
      this.listeners.set(type, new Set());
    }
    this.listeners.get(type)!.add(listener);
  }

  removeEventListener(type: string, listener: (event: any) => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  listenerCount(type: string): number {
    return this.listeners.get(type)?.size ?? 0;
  }

  /** Deliver a message as if `source` posted it from `origin`. */
  receive(data: unknown, origin: string, source: unknown = this.parent): void {
    for (const listener of this.listeners.get('message') ?? []) {
      listener({ data, origin, source });
    }
  }

  /** Set the fragment as another page holding a handle could, and fire `hashchange`. */
  setHash(hash: string): void {
    this._url.hash = hash;
    for (const listener of this.listeners.get('hashchange') ?? []) {
      listener({});
    }
  }

  asWindow(): Window {
    return this as unknown as Window;
  }

  private _url: URL;
  private _ancestor: string | undefined;
  private _config: object;
}
