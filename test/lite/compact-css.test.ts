// The loader that compacts our style sheets for the site build (lite/compact-css.js): every sheet
// in style/ keeps its meaning (css-tree, which stylelint's validator uses, generates the same
// canonical CSS from both) and loses its comments and needless whitespace.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const compactCss: (
  source: string
) => string = require('../../lite/compact-css.js');
const { generate, parse } = require('css-tree');

const styleDir = fileURLToPath(new URL('../../style/', import.meta.url));
const canonical = (css: string): string => generate(parse(css));

for (const name of readdirSync(styleDir).filter(f => f.endsWith('.css'))) {
  test(`${name}: the compacted sheet means the same, without comments or line breaks`, () => {
    const source = readFileSync(path.join(styleDir, name), 'utf8');
    const compacted = compactCss(source);
    assert.equal(canonical(compacted), canonical(source));
    assert.doesNotMatch(compacted, /\/\*|\n/);
    assert.ok(compacted.length < source.length);
  });
}

test('descendant selectors and spaces inside values stay', () => {
  assert.equal(
    compactCss(
      '.a  .b {\n  padding: 0 var(--x, 4px);\n  border: 1px  solid red;\n}\n'
    ),
    '.a .b{padding:0 var(--x, 4px);border:1px solid red}'
  );
});

test('comments go, selector lists and rules are joined', () => {
  assert.equal(
    compactCss(
      "/* one */\n.a,\n.b[data-state='x'] {\n  color: red; /* two */\n}\n\n.c > .d { top: 0; }\n"
    ),
    ".a, .b[data-state='x']{color:red}.c>.d{top:0}"
  );
});
