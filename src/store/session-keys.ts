/**
 * Where the session record lives: the names the page, its service worker and the site's other
 * tabs share. No imports: the page's start-up code and the service worker both read them.
 */

/**
 * The IndexedDB database the page and the service worker share; renaming it would lose stored
 * sessions.
 */
export const DATABASE_NAME = 'jupyterlite-heavyai';
/** The object store inside DATABASE_NAME that holds the session record. */
export const OBJECT_STORE_NAME = 'session';
/** The single key the record is stored under: there is one session per origin. */
export const RECORD_KEY = 'current';
/** Tabs of one origin tell each other "the record changed"; the record itself never travels. */
export const CHANGE_CHANNEL = 'jupyterlite-heavyai:session-changed';
