/**
 * A small SQL scanner: just enough to tell words, punctuation and nesting
 * depth apart from string literals, quoted identifiers and comments, so the
 * block check never mistakes `'LIMIT'` or `-- LIMIT` for a clause.
 */
export interface ISqlToken {
  kind: 'word' | 'punct' | 'string' | 'ident';
  /** Upper-cased for words, the raw text otherwise. */
  text: string;
  /** Parenthesis depth at the token (0 = top level). */
  depth: number;
  start: number;
  end: number;
}

/**
 * Split `sql` into tokens with their parenthesis depth; whitespace and comments are dropped, and an
 * unterminated string or comment runs to the end.
 */
export function scanSql(sql: string): ISqlToken[] {
  const tokens: ISqlToken[] = [];
  let depth = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      const end = closeQuote(sql, i, ch);
      tokens.push({
        kind: ch === "'" ? 'string' : 'ident',
        text: sql.slice(i, end),
        depth,
        start: i,
        end
      });
      i = end;
    } else if (/[A-Za-z_]/.test(ch)) {
      let end = i + 1;
      while (end < sql.length && /[A-Za-z0-9_$]/.test(sql[end])) {
        end++;
      }
      tokens.push({
        kind: 'word',
        text: sql.slice(i, end).toUpperCase(),
        depth,
        start: i,
        end
      });
      i = end;
    } else {
      if (ch === ')') {
        depth = Math.max(0, depth - 1);
      }
      tokens.push({ kind: 'punct', text: ch, depth, start: i, end: i + 1 });
      if (ch === '(') {
        depth++;
      }
      i++;
    }
  }
  return tokens;
}

/** Index just past a quoted run; a doubled quote is an escaped quote. Unterminated runs end the text. */
function closeQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}
