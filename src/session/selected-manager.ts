import { type ISignal, Signal } from '@lumino/signaling';

import type { ISessionRecord } from '../store/record';
import type {
  IHeavyAISessionManager,
  IHeavyAISessionManagerRegistry
} from '../tokens';

/**
 * The manager the UI talks to: it forwards to the manager named in the site
 * configuration. Extensions register theirs while the app starts, so the
 * choice is made once every plugin has activated (`whenPluginsActive`).
 * Whatever the chosen manager returns is mirrored into `mirror` (the browser
 * store the service worker's endpoint serves), so the endpoint and the UI agree.
 */
export class SelectedSessionManager
  implements IHeavyAISessionManager, IHeavyAISessionManagerRegistry
{
  constructor(options: {
    selectedId: string;
    fallback: IHeavyAISessionManager;
    whenPluginsActive: Promise<unknown>;
    onMissing: (id: string) => void;
  }) {
    this.id = options.selectedId;
    this._fallback = options.fallback;
    this._factories.set(options.fallback.id, () => options.fallback);
    // The configured manager is the browser store (the default): no registration can replace
    // it (the first of an id wins), so it is chosen now and a session arriving while the app
    // starts is stored and announced at once.
    this._target =
      options.selectedId === options.fallback.id
        ? Promise.resolve(this._choose(options.selectedId, options.onMissing))
        : options.whenPluginsActive.then(() =>
            this._choose(options.selectedId, options.onMissing)
          );
  }

  /** The configured manager's id (`heavyai.sessionManagerId`), even before the choice is made. */
  readonly id: string;

  /** Emits the chosen manager's changes once the choice is made. */
  get changed(): ISignal<IHeavyAISessionManager, ISessionRecord | undefined> {
    return this._changed;
  }

  /**
   * Offer a manager under `id`; the first registration of an id wins. Must happen before every
   * plugin has activated, when the choice is made.
   */
  register(id: string, create: () => IHeavyAISessionManager): void {
    if (!this._factories.has(id)) {
      this._factories.set(id, create);
    }
  }

  /**
   * The chosen manager's session, also mirrored into the browser store so the endpoint serves the
   * same one.
   */
  async getSession(): Promise<ISessionRecord | undefined> {
    const target = await this._target;
    const record = await target.getSession();
    if (target !== this._fallback) {
      await this._mirror(record);
    }
    return record;
  }

  /** Hand the session to the chosen manager; the mirror follows through its `changed` signal. */
  async setSession(record: ISessionRecord): Promise<void> {
    await (await this._target).setSession(record);
  }

  /**
   * Forget the session in the chosen manager and in the browser store, so the endpoint stops
   * serving it too.
   */
  async clear(): Promise<void> {
    const target = await this._target;
    await target.clear();
    if (target !== this._fallback) {
      await this._fallback.clear();
    }
  }

  private _choose(
    id: string,
    onMissing: (id: string) => void
  ): IHeavyAISessionManager {
    const create = this._factories.get(id);
    const target = create ? create() : this._fallback;
    if (!create) {
      onMissing(id);
    }
    target.changed.connect((_, record) => {
      if (target !== this._fallback) {
        void this._mirror(record);
      }
      this._changed.emit(record);
    });
    return target;
  }

  private async _mirror(record: ISessionRecord | undefined): Promise<void> {
    const current = await this._fallback.getSession();
    if (JSON.stringify(current) === JSON.stringify(record)) {
      return;
    }
    await (record ? this._fallback.setSession(record) : this._fallback.clear());
  }

  private _fallback: IHeavyAISessionManager;
  private _factories = new Map<string, () => IHeavyAISessionManager>();
  private _target: Promise<IHeavyAISessionManager>;
  private _changed: Signal<IHeavyAISessionManager, ISessionRecord | undefined> =
    new Signal(this);
}
