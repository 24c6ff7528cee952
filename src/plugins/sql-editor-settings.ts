/**
 * The SQL editor's settings (schema/sql-editor.json), loaded once and shared:
 * the editor and the workspace both read them through IHeavyAISqlSettings.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { Signal } from '@lumino/signaling';

import {
  DEFAULT_SETTINGS,
  readSettings,
  type IDefaultConnection,
  type ISqlEditorSettings
} from '../sql/settings';
import { PluginIDs } from '../ids';
import { IHeavyAISqlSettings } from '../tokens';

class SqlSettings implements IHeavyAISqlSettings {
  readonly changed: Signal<IHeavyAISqlSettings, ISqlEditorSettings> =
    new Signal(this);
  readonly ready: Promise<void>;
  private _current: ISqlEditorSettings = DEFAULT_SETTINGS;
  private _loaded?: ISettingRegistry.ISettings;
  private _readings = 0;

  constructor(registry: ISettingRegistry | null) {
    // Nobody waits on this at activation: plugins read `current` or await `ready` when they need it.
    this.ready = registry
      ? registry
          .load(PluginIDs.sqlEditor)
          .then(loaded => {
            this._loaded = loaded;
            loaded.changed.connect(() => void this._reread());
            return this._reread();
          })
          .catch(error =>
            console.warn(
              'HeavyAI SQL editor settings could not be loaded:',
              error
            )
          )
      : Promise.resolve();
  }

  get current(): ISqlEditorSettings {
    return this._current;
  }

  async setConnection(connection: IDefaultConnection): Promise<void> {
    await this.ready;
    if (this._loaded) {
      await this._loaded.set('connection', { ...connection });
      await this._reread();
    } else {
      // No settings registry: keep it for the page's life.
      this._update({ ...this._current, connection });
    }
  }

  /** Read the registry's values again; the connection's parser loads only for a saved connection. */
  private async _reread(): Promise<void> {
    const raw = this._loaded!.composite as Record<string, unknown>;
    const reading = ++this._readings;
    const connection =
      raw.connection === undefined || raw.connection === null
        ? null
        : (
            await import(
              /* webpackChunkName: "heavyai-settings-parsers" */ '../sql/default-connection'
            )
          ).parseDefaultConnection(raw.connection);
    // A later change read while the parser loaded wins.
    if (reading === this._readings) {
      this._update(readSettings(raw, connection));
    }
  }

  private _update(settings: ISqlEditorSettings): void {
    this._current = settings;
    this.changed.emit(settings);
  }
}

const plugin: JupyterFrontEndPlugin<IHeavyAISqlSettings> = {
  id: PluginIDs.sqlEditorSettings,
  description: 'The HeavyAI SQL editor settings.',
  autoStart: true,
  optional: [ISettingRegistry],
  provides: IHeavyAISqlSettings,
  activate: (_app: JupyterFrontEnd, registry: ISettingRegistry | null) =>
    new SqlSettings(registry)
};

/** The plugins this module contributes, for the package's plugin list. */
export const sqlSettingsPlugins = [plugin];
