/**
 * The session plugins' notices, loaded when one is shown: the browser refusing
 * to store the session, and a configured session manager that is not installed.
 */
import { Notification } from '@jupyterlab/apputils';

import type { ITranslate } from '../translate';

/** The session lives in memory only: this browser does not let the site store data. */
export function notifyPersistenceUnavailable(trans: ITranslate): void {
  Notification.warning(
    trans.__(
      'The HeavyAI session is kept for this page only and is lost on reload: this browser does not let the site store data.'
    ),
    { autoClose: false }
  );
}

/** The manager `id` named in jupyter-lite.json is not installed; the browser store is used. */
export function notifyManagerMissing(trans: ITranslate, id: string): void {
  Notification.error(
    trans.__(
      'The HeavyAI session manager "%1" named in jupyter-lite.json is not installed; using the browser session store instead.',
      id
    ),
    { autoClose: false }
  );
}
