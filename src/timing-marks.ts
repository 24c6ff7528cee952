/**
 * Performance marks on the way from the deep link to the first rows, read by
 * `npm run bench` (and visible in the browser's performance panel). Each is
 * set once per page: the first workspace is what the benchmark measures.
 */
export const TimingMarks = {
  sessionAvailable: 'heavyai:session-available',
  connectorLoaded: 'heavyai:connector-loaded',
  statementSent: 'heavyai:statement-sent',
  queryAnswered: 'heavyai:query-answered',
  rowsRendered: 'heavyai:rows-rendered'
} as const;

/**
 * Set the mark `name` unless this page already has it, so only the first workspace is measured;
 * does nothing where the Performance API is missing.
 */
export function markOnce(
  name: (typeof TimingMarks)[keyof typeof TimingMarks]
): void {
  if (
    typeof performance === 'undefined' ||
    typeof performance.mark !== 'function'
  ) {
    return;
  }
  if (performance.getEntriesByName(name, 'mark').length === 0) {
    performance.mark(name);
  }
}
