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
    this._target = options.whenPluginsActive.then(() =>
      this._choose(options.selectedId, options.onMissing)
    );
  }

  readonly id: string;

  get changed(): ISignal<IHeavyAISessionManager, ISessionRecord | undefined> {
    return this._changed;
  }

  register(id: string, create: () => IHeavyAISessionManager): void {
    if (!this._factories.has(id)) {
      this._factories.set(id, create);
    }
  }

  async getSession(): Promise<ISessionRecord | undefined> {
    const target = await this._target;
    const record = await target.getSession();
    if (target !== this._fallback) {
      await this._mirror(record);
    }
    return record;
  }

  async setSession(record: ISessionRecord): Promise<void> {
    await (await this._target).setSession(record);
  }

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
