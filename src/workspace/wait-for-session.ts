/**
 * How the `?heavyai` deep link waits for its session (loaded with the deep link's module, not
 * with every page).
 */
import type { ISessionRecord } from '../store/record';
import type { IHeavyAISessionManager } from '../tokens';

/**
 * The session, waiting up to `ms` for one to arrive. Rejects when the
 * manager fails (a custom manager may throw): the caller must tell the user,
 * never wait forever.
 */
export async function waitForSession(
  manager: IHeavyAISessionManager,
  ms: number
): Promise<ISessionRecord | undefined> {
  const current = await manager.getSession();
  if (current || ms <= 0) {
    return current;
  }
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      manager.changed.disconnect(onChange);
    };
    const onChange = (_: unknown, record: ISessionRecord | undefined) => {
      if (record) {
        stop();
        resolve(record);
      }
    };
    const timer = setTimeout(() => {
      stop();
      manager.getSession().then(resolve, reject);
    }, ms);
    manager.changed.connect(onChange);
  });
}
