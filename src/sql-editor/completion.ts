/**
 * Tab completion from HeavyDB's get_completion_hints, as a CodeMirror
 * completion source injected into the editor (simpler than JupyterLab's
 * kernel-oriented completer, which needs a kernel or a provider registry).
 */
import type {
  CompletionContext,
  CompletionResult
} from '@codemirror/autocomplete';
import { Prec, type Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';

// JupyterLab's start-up code uses two exports of @codemirror/autocomplete
// (bracket closing). An `import` here would make the bundler keep in that one
// start-up module every export this lazily loaded editor uses as well (the
// whole completion machinery, ~8 KB gzip on every page load). `require`
// resolves to the package's CommonJS build instead: a separate module that
// only this editor's chunk holds. Its own state and view imports still resolve
// to the application's shared CodeMirror.
declare const require: (id: string) => unknown;
const { autocompletion, startCompletion } =
  require('@codemirror/autocomplete') as typeof import('@codemirror/autocomplete');

/**
 * Asks the server for completions of `sql` at `cursor` (0-based offset): groups of hints with the
 * text each would replace.
 */
export type HintSource = (
  sql: string,
  cursor: number
) => Promise<{ hints: string[]; replaced: string }[]>;

/**
 * CodeMirror completion on Tab (never while typing) from `getHints`, read at each request so it
 * follows the current connection; no hints while it returns undefined, and failures show nothing.
 */
export function completionExtension(
  getHints: () => HintSource | undefined
): Extension {
  const source = async (
    context: CompletionContext
  ): Promise<CompletionResult | null> => {
    const hintsFor = getHints();
    if (!hintsFor) {
      return null;
    }
    const word = context.matchBefore(/[\w.]*/);
    if (!context.explicit && (!word || word.from === word.to)) {
      return null;
    }
    let groups: { hints: string[]; replaced: string }[];
    try {
      groups = await hintsFor(context.state.doc.toString(), context.pos);
    } catch {
      return null; // completion is a convenience: errors show when the query runs
    }
    const replaced = groups.find(g => g.replaced)?.replaced ?? word?.text ?? '';
    const options = [...new Set(groups.flatMap(g => g.hints))].map(label => ({
      label,
      type: /^[A-Z_]+$/.test(label) ? 'keyword' : 'variable'
    }));
    return options.length
      ? { from: context.pos - replaced.length, options, validFor: /^[\w.]*$/ }
      : null;
  };
  return [
    autocompletion({ override: [source], activateOnTyping: false }),
    Prec.high(
      keymap.of([
        {
          key: 'Tab',
          run: view =>
            view.state.selection.main.empty &&
            /\S$/.test(
              view.state.doc.sliceString(0, view.state.selection.main.head)
            )
              ? startCompletion(view)
              : false
        }
      ])
    )
  ];
}
