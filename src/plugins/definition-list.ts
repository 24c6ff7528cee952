/**
 * Labelled values as a definition list built from text nodes: host-supplied text (server names,
 * origins, users) is never parsed as HTML.
 */
export function definitionList(
  lines: readonly { label: string; value: string }[]
): HTMLDListElement {
  const list = document.createElement('dl');
  for (const line of lines) {
    const term = document.createElement('dt');
    term.textContent = line.label;
    const value = document.createElement('dd');
    value.textContent = line.value;
    list.append(term, value);
  }
  return list;
}
