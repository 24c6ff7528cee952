import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, showDialog, Dialog } from '@jupyterlab/apputils';

export const placeholderPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlite-heavyai:placeholder',
  description: 'Announces the HeavyAI extension in the command palette.',
  autoStart: true,
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, palette: ICommandPalette | null) => {
    const command = 'heavyai:about';
    app.commands.addCommand(command, {
      label: 'About HeavyAI for JupyterLite',
      execute: () =>
        showDialog({
          title: 'HeavyAI for JupyterLite',
          body: 'Open this site from HeavyAI Immerse to continue with your session.',
          buttons: [Dialog.okButton()]
        })
    });
    palette?.addItem({ command, category: 'HeavyAI' });
  }
};
