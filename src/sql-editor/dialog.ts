/**
 * "Set default HeavyAI connection": where to connect and who to log in as
 * when no session was handed over. The password is never saved: with
 * "remember" it stays in the page's memory until the page is closed or
 * reloaded, without it it logs the open editors in and is dropped.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { parseDefaultConnection } from '../sql/default-connection';
import { DEFAULT_DATABASE, type IDefaultConnection } from '../sql/settings';
import type { ITranslate } from '../translate';
// The form's rules load with it, not with the page.
import '../../style/sql-editor.css';

/**
 * What the connection dialog returns: the default connection plus the password and whether to keep
 * it for this page's life.
 */
export interface IConnectionForm extends IDefaultConnection {
  password: string;
  remember: boolean;
}

class ConnectionBody
  extends Widget
  implements Dialog.IBodyWidget<IConnectionForm>
{
  private readonly _inputs: Record<
    string,
    HTMLInputElement | HTMLSelectElement
  > = {};

  constructor(
    current: IDefaultConnection | null,
    password: string,
    trans: ITranslate
  ) {
    super();
    this.addClass('jp-HeavyAI-connectionForm');
    const field = (
      name: string,
      label: string,
      input: HTMLInputElement | HTMLSelectElement
    ) => {
      const row = document.createElement('label');
      const caption = document.createElement('span');
      caption.textContent = label;
      input.name = name;
      row.append(caption, input);
      this.node.appendChild(row);
      this._inputs[name] = input;
    };
    const text = (value: string, type = 'text') =>
      Object.assign(document.createElement('input'), { type, value });
    const protocol = document.createElement('select');
    for (const option of ['https', 'http']) {
      protocol.appendChild(
        Object.assign(document.createElement('option'), {
          value: option,
          textContent: option
        })
      );
    }
    protocol.value = current?.protocol ?? location.protocol.replace(':', '');
    field('host', trans.__('Host'), text(current?.host ?? ''));
    field('protocol', trans.__('Protocol'), protocol);
    field(
      'port',
      trans.__('Port'),
      text(String(current?.port ?? 6278), 'number')
    );
    field(
      'database',
      trans.__('Database'),
      text(current?.database ?? DEFAULT_DATABASE)
    );
    field('user', trans.__('User'), text(current?.user ?? ''));
    field('password', trans.__('Password'), text(password, 'password'));
    const remember = text('', 'checkbox') as HTMLInputElement;
    remember.value = 'on';
    remember.checked = password !== '';
    field(
      'remember',
      trans.__('Remember the password for this page'),
      remember
    );
    const help = document.createElement('p');
    help.className = 'jp-HeavyAI-connectionForm-help';
    help.textContent = trans.__(
      'Kept in memory until the page is closed or reloaded; never saved in the browser.'
    );
    this.node.appendChild(help);
  }

  getValue(): IConnectionForm {
    const value = (name: string) => this._inputs[name].value;
    return {
      protocol: value('protocol') === 'http' ? 'http' : 'https',
      host: value('host').trim(),
      port: Number(value('port')),
      database: value('database').trim() || DEFAULT_DATABASE,
      user: value('user').trim(),
      password: value('password'),
      remember: (this._inputs.remember as HTMLInputElement).checked
    };
  }
}

/** Ask for the default connection; undefined when cancelled or invalid (the reason is shown). */
export async function askForConnection(
  current: IDefaultConnection | null,
  password: string,
  trans: ITranslate
): Promise<IConnectionForm | undefined> {
  const result = await showDialog({
    title: trans.__('Set default HeavyAI connection'),
    body: new ConnectionBody(current, password, trans),
    // Cancel and OK keep JupyterLab's own (translated) labels.
    buttons: [
      Dialog.cancelButton(),
      Dialog.okButton({ label: trans.__('Save') })
    ]
  });
  if (!result.button.accept || !result.value) {
    return undefined;
  }
  // The rules a handed-over connection meets; the host comes back normalised (lower case).
  const connection = parseDefaultConnection(result.value);
  if (!connection) {
    await showDialog({
      title: trans.__('HeavyAI connection not saved'),
      body: trans.__(
        'Enter a host name (no scheme or path) and a port from 1 to 65535.'
      ),
      buttons: [Dialog.okButton()]
    });
    return undefined;
  }
  return { ...result.value, ...connection };
}
