// Webpack loader for our own style sheets (style/*.css): drops their comments before
// css-loader turns each sheet into a JavaScript string, which would otherwise carry
// them to every page. Our sheets hold no strings or URLs containing comment markers.
module.exports = function stripCssComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\n\s*\n+/g, '\n');
};
