/**
 * What a `?heavyai` page starts while our package is evaluated, before any plugin activates: the
 * deep link's code and the editor's, with the code of its first call, are fetched now (requested
 * when the plugins activate, they arrived behind that work, after the app's restore), and a
 * `#heavyai=` link's first call is posted (workspace/link-prefetch.ts). Nothing here builds or
 * draws; apache-arrow, whose evaluation delayed the restore when it was loaded here, still loads
 * with the SQL editor's plugin. Loaded by extension.ts for such pages only.
 */
import type { LoadFragment } from '../handoff/fragment-input';
import type { ISessionRecord } from '../store/record';

/** Failed loads are reported by the plugin that needs the code, when it loads it. */
const quietly = (loading: Promise<unknown>) =>
  void loading.catch(() => undefined);

/**
 * Start fetching the deep link's code; with the link read at load (`link`), also the link's first
 * call, and the hand-off's code when a link or a host page (`hosts`) may bring the session.
 * `stored` is the stored record's read started at load.
 */
export function startDeepLink(
  link: LoadFragment | undefined,
  hosts: boolean,
  stored: Promise<ISessionRecord | undefined>,
  win: Window
): void {
  quietly(
    import(/* webpackChunkName: "heavyai-workspace" */ '../workspace/deep-link')
  );
  quietly(
    import(
      /* webpackChunkName: "heavyai-sql-editor" */ '../sql-editor/command-bodies'
    )
  );
  quietly(
    import(/* webpackChunkName: "heavyai-wire" */ '../sql-editor/df-call')
  );
  if (link) {
    quietly(
      import(
        /* webpackChunkName: "heavyai-link-prefetch" */ '../workspace/link-prefetch'
      ).then(({ prefetchLinkStatement }) =>
        prefetchLinkStatement(link, stored, win)
      )
    );
  }
  if (link || hosts) {
    quietly(
      import(/* webpackChunkName: "heavyai-handoff" */ './handoff-wiring')
    );
  }
}
