/**
 * The hand-off of the session to Python kernels (see kernel-session.ts),
 * loaded when the first notebook opens.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import type { Kernel } from '@jupyterlab/services';

import { SESSION_ENDPOINT_PATH } from '../ids';
import type { ISiteConfig } from '../site-config';
import { endpointBody } from '../store/record';
import {
  kernelSessionCode,
  SILENT_EXECUTION
} from '../codegen/kernel-session-code';
import type { IHeavyAISessionManager } from '../tokens';

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

/** Follows notebooks' kernels and hands each the session; `sessionChanged` hands the new one to all. */
export function kernelSessionHandoff(
  manager: IHeavyAISessionManager,
  config: ISiteConfig
): { watch(context: ISessionContext): void; sessionChanged(): void } {
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
  return { watch, sessionChanged: () => kernels.forEach(tryHandTo) };
}
