/**
 * Handing the session to a Python kernel when no service worker serves `heavyai/session` (strict
 * browsers deny service workers to embedded sites). The code runs as a silent execution: it is not
 * a cell, not in the history, and nothing of it reaches a notebook. No JupyterLab imports.
 *
 * The session goes into the kernel's process environment, under a name `heavyai_lite` reads when
 * the endpoint is absent (`py/heavyai_lite/session.py`). The code imports nothing of ours, so it
 * runs whether `heavyai_lite` is installed yet or not: the default notebook cell installs it only
 * after the kernel has started.
 */
import type { IEndpointBody } from '../store/record';
import { pythonStringLiteral } from './python-literal';

/** The environment variable holding the endpoint's JSON; mirrored in `py/heavyai_lite/session.py`. */
export const PAGE_SESSION_ENV = 'HEAVYAI_LITE_PAGE_SESSION';

/** The options of the execute request: silent, and never stored in the kernel's history. */
export const SILENT_EXECUTION = {
  silent: true,
  store_history: false,
  allow_stdin: false,
  stop_on_error: false
} as const;

/**
 * Python code that sets (or, with no session, removes) the page's session in the kernel. Every
 * value is a Python literal; the JSON is the endpoint's own body, so the kernel parses it the same way.
 */
export function kernelSessionCode(body: IEndpointBody): string {
  const name = pythonStringLiteral(PAGE_SESSION_ENV);
  if (!body.session) {
    return `__import__('os').environ.pop(${name}, None)`;
  }
  return `__import__('os').environ[${name}] = ${pythonStringLiteral(JSON.stringify(body))}`;
}
