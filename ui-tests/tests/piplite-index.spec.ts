import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '../fixtures';
import { SITE_ORIGIN } from '../ports';
import { SITE_DIR } from '../site-dir';

/** Every `all.json` under the built site, relative to it (POSIX separators: they are URL paths). */
function allJsonFiles(dir: string, relative = ''): string[] {
  return readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap(
    entry => {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        return allJsonFiles(dir, child);
      }
      return entry.name === 'all.json' ? [child] : [];
    }
  );
}

/** A piplite index is a PyPI-like object: project name → { releases: { version: [files] } }. */
function isPipliteIndex(
  value: unknown
): value is Record<string, { releases: Record<string, any[]> }> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).length > 0 &&
    Object.values(value).every(project => typeof project?.releases === 'object')
  );
}

const indexes = allJsonFiles(SITE_DIR).flatMap(file => {
  const index: unknown = JSON.parse(
    readFileSync(path.join(SITE_DIR, file), 'utf8')
  );
  return isPipliteIndex(index) ? [{ file, index }] : [];
});

test.describe('piplite indexes of the built site', () => {
  test("the Pyodide kernel's index and the site's own index are among them", () => {
    // Guards the walk below against finding nothing: these two are what the kernel reads.
    expect(indexes.map(({ file }) => file).sort()).toEqual(
      expect.arrayContaining(['build/pypi/all.json', 'pypi/all.json'])
    );
  });

  for (const { file, index } of indexes) {
    test(`every file ${file} lists is served with its sha256`, async ({
      request
    }) => {
      const indexUrl = `${SITE_ORIGIN}/${file}`;
      const served = await request.get(indexUrl);
      expect(served.status(), indexUrl).toBe(200);
      const listed = Object.entries(index).flatMap(([project, { releases }]) =>
        Object.values(releases).flatMap(files =>
          files.map(entry => ({ project, entry }))
        )
      );
      expect(listed.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const { project, entry } of listed) {
        const url = new URL(entry.url, indexUrl).href;
        const response = await request.get(url);
        if (response.status() !== 200) {
          problems.push(`${project}: ${url} → HTTP ${response.status()}`);
          continue;
        }
        const body = await response.body();
        const expected = entry.digests?.sha256;
        if (
          expected &&
          createHash('sha256').update(body).digest('hex') !== expected
        ) {
          problems.push(
            `${project}: ${url} has a different sha256 than the index gives`
          );
        }
        if (typeof entry.size === 'number' && entry.size !== body.length) {
          problems.push(
            `${project}: ${url} is ${body.length} bytes, the index says ${entry.size}`
          );
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
