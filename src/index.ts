import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { placeholderPlugin } from './plugins/placeholder';

const plugins: JupyterFrontEndPlugin<any>[] = [placeholderPlugin];

export default plugins;
