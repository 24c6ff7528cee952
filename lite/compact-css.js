// Webpack loader for our own style sheets (style/*.css): drops their comments and the
// whitespace CSS does not need before css-loader turns each sheet into a JavaScript string,
// which would otherwise carry both to every page. Whitespace between selector parts (the
// descendant combinator), inside values and after commas (a `var()` fallback keeps what
// follows its comma) stays one space. Our sheets hold no strings, URLs or `content` values
// in which comment markers, colons or these characters could mean something else
// (test/lite/compact-css.test.ts checks that each sheet keeps its meaning).
module.exports = function compactCss(source) {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};>])\s*/g, '$1')
    .replace(/\s+,/g, ',')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
};
