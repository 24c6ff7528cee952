/**
 * The page's next idle moment: what can wait a little runs between the app's own tasks instead of
 * ahead of them. `timeoutMs` bounds the wait on a page that is never idle. Browsers without
 * `requestIdleCallback` (Safari) get the next task.
 */
export function whenIdle(timeoutMs = 1000): Promise<void> {
  return new Promise(resolve => {
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    } else {
      setTimeout(resolve, 0);
    }
  });
}
