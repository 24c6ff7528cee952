import path from 'node:path';

/**
 * The built site the tests serve and read: the repository's folder named by `HEAVYAI_OUTPUT`,
 * `_output` by default (the same variable the build and the bench read).
 */
export const SITE_DIR = path.resolve(
  __dirname,
  '..',
  process.env.HEAVYAI_OUTPUT ?? '_output'
);
