// This example lives inside the jupyterlite-heavyai repository: resolve the
// package by path. An extension installed from npm needs no such alias.
const path = require('path');

module.exports = {
  resolve: {
    alias: { 'jupyterlite-heavyai': path.resolve(__dirname, '..', '..') }
  }
};
