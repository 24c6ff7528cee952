/**
 * When no service worker controls the page (strict browsers deny it to embedded sites), the
 * `heavyai/session` endpoint does not exist. This hands the session to each Python kernel of the
 * page's notebooks instead: a silent, non-history execution when a kernel starts or restarts and whenever the
 * session changes. The code (`codegen/kernel-session-code.ts`) never enters a notebook.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import type { ISessionContext } from '@jupyterlab/apputils';
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { INotebookTracker } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';

import { PluginIDs, SESSION_ENDPOINT_PATH } from '../ids';
import { endpointBody } from '../store/record';
import {
  kernelSessionCode,
  SILENT_EXECUTION
} from '../codegen/kernel-session-code';
import { IHeavyAIConfig, IHeavyAISessionManager } from '../tokens';

/**
 * Whether `heavyai/session` is served to this page's workers. Only a service worker serves it, and
 * only ours: a site whose root still holds JupyterLite's own worker (our prebuilt extension added
 * without step 4 of the README) is controlled yet answers 404. Asked once, when a kernel first
 * needs it, never at start-up.
 */
let endpointAnswer: Promise<boolean> | undefined;
function endpointServed(): Promise<boolean> {
  if (
    typeof navigator === 'undefined' ||
    !navigator.serviceWorker?.controller
  ) {
    return Promise.resolve(false); // may change once a worker claims the page: not remembered
  }
  endpointAnswer ??= fetch(
    URLExt.join(PageConfig.getBaseUrl(), SESSION_ENDPOINT_PATH),
    { cache: 'no-store' }
  ).then(
    response =>
      response.ok &&
      (response.headers.get('content-type') ?? '').includes('application/json'),
    () => false
  );
  return endpointAnswer;
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.kernelSession,
  description:
    'Hands the HeavyAI session to Python kernels when no service worker serves heavyai/session.',
  autoStart: true,
  requires: [IHeavyAISessionManager, IHeavyAIConfig],
  optional: [INotebookTracker],
  activate: (
    app: JupyterFrontEnd,
    manager: IHeavyAISessionManager,
    { config }: IHeavyAIConfig,
    notebooks: INotebookTracker | null
  ) => {
    const kernels = new Set<Kernel.IKernelConnection>();

    const handTo = async (kernel: Kernel.IKernelConnection) => {
      if (kernel.isDisposed || (await endpointServed())) {
        return;
      }
      const spec = await kernel.spec;
      if (spec?.language?.toLowerCase() !== 'python') {
        return;
      }
      const code = kernelSessionCode(
        endpointBody(await manager.getSession(), config)
      );
      // Queued by the connection until the kernel answers, so it runs before the first cell.
      kernel.requestExecute({ code, ...SILENT_EXECUTION }, true);
    };
    const tryHandTo = (kernel: Kernel.IKernelConnection) =>
      void handTo(kernel).catch((error: unknown) =>
        // Only the error's kind: a message could echo the code sent, which holds the session.
        console.warn(
          `HeavyAI: the hand-off to the kernel failed (${error instanceof Error ? error.name : typeof error}).`
        )
      );

    const track = (kernel: Kernel.IKernelConnection) => {
      if (kernels.has(kernel)) {
        return;
      }
      kernels.add(kernel);
      let restarting = false;
      kernel.statusChanged.connect((_, status) => {
        if (status === 'restarting' || status === 'autorestarting') {
          restarting = true; // a restart empties the kernel's environment
        } else if (status === 'idle' && restarting) {
          restarting = false;
          tryHandTo(kernel);
        }
      });
      kernel.disposed.connect(() => kernels.delete(kernel));
      tryHandTo(kernel);
    };

    const watch = (context: ISessionContext) => {
      const current = context.session?.kernel;
      if (current) {
        track(current);
      }
      context.kernelChanged.connect(
        (_, { newValue }) => newValue && track(newValue)
      );
    };
    notebooks?.widgetAdded.connect((_, panel) => watch(panel.sessionContext));
    manager.changed.connect(() => kernels.forEach(tryHandTo));
  }
};

/** The plugins this module contributes, for the package's plugin list. */
export const kernelSessionPlugins = [plugin];
