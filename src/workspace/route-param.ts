/**
 * The deep-link flag in `location.search`: `?heavyai` (or legacy `omnisci`)
 * opens the workspace. Any value counts (`?heavyai=`, `?heavyai=1`) because
 * URL rewriting — including JupyterLite's own `reset` redirect — turns a
 * bare flag into `heavyai=`, which a match on the bare flag alone would miss.
 */

export const ROUTE_PARAMS: readonly string[] = ['heavyai', 'omnisci'];

/** Whether the search string carries the deep-link flag. Names are case-sensitive. */
export function isHeavyAIRoute(search: string): boolean {
  return paramNames(search).some(name => ROUTE_PARAMS.includes(name));
}

/**
 * The search string without the deep-link flag, other parameters kept in
 * order and untouched. Returns `''` or a string starting with `?`.
 */
export function stripRouteParam(search: string): string {
  return stripSearchParams(search, ROUTE_PARAMS);
}

/** Remove the named parameters (every occurrence) from a search string. */
export function stripSearchParams(
  search: string,
  names: readonly string[]
): string {
  const kept = splitSearch(search).filter(
    part => !names.includes(nameOf(part))
  );
  return kept.length > 0 ? `?${kept.join('&')}` : '';
}

function paramNames(search: string): string[] {
  return splitSearch(search).map(nameOf);
}

function splitSearch(search: string): string[] {
  return search
    .replace(/^\?/, '')
    .split('&')
    .filter(part => part !== '');
}

function nameOf(part: string): string {
  const eq = part.indexOf('=');
  const raw = eq < 0 ? part : part.slice(0, eq);
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
