/**
 * The translation call user-facing text goes through. Plugins pass JupyterLab's
 * `TranslationBundle` for our domain (`translator.load(TRANSLATION_DOMAIN)`); pure
 * modules and unit tests take this narrow shape so they need no JupyterLab import.
 */
export const TRANSLATION_DOMAIN = 'jupyterlite-heavyai';

/**
 * The subset of JupyterLab's TranslationBundle our code calls, so pure modules need no JupyterLab
 * import.
 */
export interface ITranslate {
  /** Translate `msgid`, then fill `%1`, `%2`, … with `args` (JupyterLab's convention). */
  __(msgid: string, ...args: unknown[]): string;
  /** Plural form: `msgid` when `n` is 1, else `msgidPlural`; `%1` is `n`. */
  _n(msgid: string, msgidPlural: string, n: number, ...args: unknown[]): string;
}

function fill(text: string, args: unknown[]): string {
  return text.replace(/%(\d+)/g, (whole, index: string) => {
    const value = args[Number(index) - 1];
    return value === undefined ? whole : String(value);
  });
}

/** English as written: what JupyterLab's null translator does, for tests and defaults. */
export const untranslated: ITranslate = {
  __: (msgid, ...args) => fill(msgid, args),
  _n: (msgid, msgidPlural, n, ...args) =>
    fill(n === 1 ? msgid : msgidPlural, [n, ...args])
};
