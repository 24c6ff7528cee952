/**
 * The session commands, "Show HeavyAI session status" and "Forget HeavyAI
 * session": their names, labels and places. What they do is in
 * session-command-bodies.ts, loaded when one first runs.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { ICommandPalette } from '@jupyterlab/apputils';

import { CommandIDs } from '../ids';
import type { IHeavyAISessionManager } from '../tokens';
import type { ITranslate } from '../translate';

function bodies(): Promise<typeof import('./session-command-bodies')> {
  return import(
    /* webpackChunkName: "heavyai-session-commands" */ './session-command-bodies'
  );
}

/** `trans`: the plugin's bundle for TRANSLATION_DOMAIN. */
export function addSessionCommands(
  app: JupyterFrontEnd,
  manager: IHeavyAISessionManager,
  palette: ICommandPalette | null,
  trans: ITranslate
): void {
  app.commands.addCommand(CommandIDs.sessionStatus, {
    label: trans.__('Show HeavyAI session status'),
    caption: trans.__(
      'Where the HeavyAI session came from and which server it connects to'
    ),
    execute: async () => (await bodies()).showSessionStatus(manager, trans)
  });
  app.commands.addCommand(CommandIDs.forgetSession, {
    label: trans.__('Forget HeavyAI session'),
    caption: trans.__('Remove the HeavyAI session from this browser'),
    execute: async () => (await bodies()).forgetSessionCommand(manager, trans)
  });
  for (const command of [CommandIDs.sessionStatus, CommandIDs.forgetSession]) {
    palette?.addItem({ command, category: trans.__('HeavyAI') });
  }
}
