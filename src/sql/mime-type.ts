/**
 * The MIME type of the SQL editor's text: CodeMirror's SQL language is found by it. Its own module,
 * apart from ids.ts: only lazily loaded code needs it, and ids.ts is part of the start-up JavaScript.
 */
export const SQL_MIME_TYPE = 'text/x-sql';
