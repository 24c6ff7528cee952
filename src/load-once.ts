/**
 * A loader that starts `load` on the first call and hands every later caller the same promise,
 * except after a failure: then the next call starts `load` again. A lazily loaded chunk can fail to
 * download (a network blip, a site redeployed under the page); kept, that rejection would make the
 * feature fail until the page is reloaded, while webpack itself retries a failed chunk.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      const attempt = load();
      pending = attempt;
      attempt.catch(() => {
        if (pending === attempt) {
          pending = undefined;
        }
      });
    }
    return pending;
  };
}
