/**
 * What a `#heavyai=` link would do, in the few lines its question shows: the
 * start of the statement it carries, cut at a line or length limit and
 * marked with "…" when there is more. No JupyterLab imports.
 */

/** Lines of the statement the question shows at most. */
export const PREVIEW_MAX_LINES = 6;
/** Characters of the statement the question shows at most. */
export const PREVIEW_MAX_CHARS = 400;

/**
 * The first lines of `statement` (trailing blank lines dropped), with "…"
 * appended when anything was left out. Plain text: the caller renders it as
 * text.
 */
export function statementPreview(
  statement: string,
  maxLines = PREVIEW_MAX_LINES,
  maxChars = PREVIEW_MAX_CHARS
): string {
  const whole = statement.replace(/\s+$/, '');
  const lines = whole.split(/\r\n|\r|\n/);
  let preview = lines.slice(0, maxLines).join('\n');
  if (preview.length > maxChars) {
    // Never half a surrogate pair: the cut would show as a broken character.
    preview = preview.slice(0, maxChars).replace(/[\uD800-\uDBFF]$/, '');
  }
  return preview.length < whole.replace(/\r\n|\r/g, '\n').length
    ? `${preview.replace(/\s+$/, '')}…`
    : preview;
}
