// The smallest useful prebuilt extension: one palette command. It knows
// nothing about HeavyAI; it shows that the site loads federated extensions
// listed in jupyter-lite.json, as any JupyterLite site does.
import { ICommandPalette, Notification } from '@jupyterlab/apputils';

const plugin = {
  id: 'heavyai-example-hello-prebuilt:plugin',
  description: 'Adds a "Say hello from a prebuilt extension" command.',
  autoStart: true,
  optional: [ICommandPalette],
  activate: (app, palette) => {
    const command = 'hello-prebuilt:greet';
    app.commands.addCommand(command, {
      label: 'Say hello from a prebuilt extension',
      execute: () =>
        Notification.info('Hello from a prebuilt extension.', {
          autoClose: 3000
        })
    });
    palette?.addItem({ command, category: 'Examples' });
  }
};

export default plugin;
