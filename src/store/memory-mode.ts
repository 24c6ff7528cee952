/**
 * Memory-only storage, chosen by `lite/config-loader.js` before the app starts when the browser
 * denies IndexedDB (a strict browser's third-party frame, private modes). What the user is told
 * then is in nothing-kept.ts, loaded only on such a page. No JupyterLab imports.
 */

/** The page option the config loader sets (`true`) when it switched JupyterLite to memory storage. */
export const MEMORY_STORAGE_OPTION = 'heavyaiMemoryStorage';

/** Whether the page option (as `PageConfig.getOption` returns it: JSON text or '') says memory storage. */
export function memoryStorageChosen(option: string | undefined): boolean {
  try {
    return JSON.parse(option || 'false') === true;
  } catch {
    return false;
  }
}
