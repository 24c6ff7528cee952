import type { Frame } from '@playwright/test';

/**
 * Record the execute requests the page sends to its notebook's kernel (the kernel itself cannot
 * start offline: micropip comes from Pyodide's CDN, so the requests stay queued). Only facts about
 * each request leave the page, never its code.
 */
export async function recordKernelRequests(frame: Frame): Promise<void> {
  await frame.waitForFunction(
    () => {
      const app = (window as any).jupyterapp;
      const panel = [...app.shell.widgets('main')].find(
        (w: any) => w.sessionContext?.session?.kernel
      );
      if (!panel) {
        return false;
      }
      const seen: any[] = ((window as any).kernelRequests = []);
      panel.sessionContext.session.kernel.anyMessage.connect(
        (_: unknown, { msg, direction }: any) => {
          if (
            direction === 'send' &&
            msg.header.msg_type === 'execute_request'
          ) {
            seen.push({
              code: msg.content.code,
              silent: msg.content.silent,
              storeHistory: msg.content.store_history
            });
          }
        }
      );
      return true;
    },
    null,
    { timeout: 30_000 }
  );
}

export async function kernelRequests(frame: Frame, session: string) {
  return frame.evaluate(
    id =>
      (window as any).kernelRequests.map((r: any) => ({
        setsPageSession: r.code.includes('HEAVYAI_LITE_PAGE_SESSION'),
        carriesSession: r.code.includes(id),
        silent: r.silent,
        storeHistory: r.storeHistory
      })),
    session
  );
}

/** Every notebook, as the live models and the saved files hold it. */
export async function allNotebookText(frame: Frame): Promise<string> {
  return frame.evaluate(async () => {
    const app = (window as any).jupyterapp;
    const live = [...app.shell.widgets('main')]
      .filter((w: any) => w.content?.model?.toJSON)
      .map((w: any) => w.content.model.toJSON());
    const listing = await app.serviceManager.contents.get('');
    const saved = await Promise.all(
      listing.content
        .filter((f: any) => f.type === 'notebook')
        .map((f: any) =>
          app.serviceManager.contents.get(f.path, { content: true })
        )
    );
    return JSON.stringify({ live, saved: saved.map((f: any) => f.content) });
  });
}

/**
 * The execute requests waiting in the notebook kernel's connection: offline the kernel never
 * answers its first kernel_info request, so what the page sent at start-up is still queued there.
 */
export async function queuedKernelRequests(frame: Frame, session: string) {
  return frame.evaluate(id => {
    const app = (window as any).jupyterapp;
    const panel = [...app.shell.widgets('main')].find(
      (w: any) => w.sessionContext?.session?.kernel
    );
    if (!panel) {
      return { requests: 'no kernel yet' };
    }
    const kernel = panel.sessionContext.session.kernel;
    return {
      requests: kernel._pendingMessages
        .filter((m: any) => m.header.msg_type === 'execute_request')
        .map((m: any) => ({
          setsPageSession: m.content.code.includes('HEAVYAI_LITE_PAGE_SESSION'),
          carriesSession: m.content.code.includes(id),
          silent: m.content.silent,
          storeHistory: m.content.store_history
        }))
    };
  }, session);
}
