/**
 * The default connection-cell template and the line that loads the
 * `%%heavysql` magic, used when a notebook is written (connection-cell.ts,
 * heavysql-cell.ts); the settings say '' for the default template.
 */
/**
 * `%load_ext heavyai_lite` (the `%%heavysql` cell magic), written so the
 * cell stays plain Python: IPython puts `get_ipython` in the notebook's
 * namespace, plain Python (raw Pyodide, a script) skips the line.
 */
export const LOAD_MAGIC_LINE =
  'if "get_ipython" in globals(): get_ipython().run_line_magic("load_ext", "heavyai_lite")  # %%heavysql cells';

/**
 * The cell written when the settings give no template: installs and imports heavyai_lite, connects
 * from the session endpoint at run time (so no session ID is written into the notebook), loads the `%%heavysql` magic under IPython, then runs
 * `{{action}}`.
 */
export const DEFAULT_NOTEBOOK_TEMPLATE = [
  '%pip install -q heavyai-lite',
  'import heavyai_lite',
  "con = heavyai_lite.connect()  # reads the session from the site's heavyai/session endpoint at run time",
  LOAD_MAGIC_LINE,
  '{{action}}'
].join('\n');
