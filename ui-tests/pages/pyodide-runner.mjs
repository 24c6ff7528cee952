// A module Web Worker that runs real Pyodide (npm `pyodide`, served beside this file by the UI
// test servers only) for the UI tests. Pyodide refuses classic workers; this one is started with
// `new Worker(url, { type: 'module' })` by a page the site's service worker controls, so its
// requests (heavyai/session included) go through that service worker.
//
// Messages: { id, op: 'load' } | { id, op: 'install', url } | { id, op: 'run', code }
// Replies:  { id, ok: true, result, output } | { id, ok: false, error, output }
// `run` returns what the Python code's last expression evaluates to, converted with toJs
// (tests return JSON strings). `output` is what Python printed meanwhile.
import { loadPyodide } from './pyodide.mjs';

let pyodide;
let output = [];

async function handle(message) {
  switch (message.op) {
    case 'load': {
      const started = performance.now();
      pyodide = await loadPyodide({
        stdout: line => output.push(line),
        stderr: line => output.push(line)
      });
      return {
        version: pyodide.version,
        ms: Math.round(performance.now() - started)
      };
    }
    case 'install': {
      const messages = [];
      await pyodide.loadPackage(message.url, {
        messageCallback: () => {},
        errorCallback: text => messages.push(text)
      });
      return { messages };
    }
    case 'run': {
      const value = await pyodide.runPythonAsync(message.code);
      if (value && typeof value.toJs === 'function') {
        const converted = value.toJs();
        value.destroy();
        return converted;
      }
      return value;
    }
    default:
      throw new Error(`unknown op ${message.op}`);
  }
}

self.onmessage = async ({ data }) => {
  output = [];
  try {
    const result = await handle(data);
    self.postMessage({ id: data.id, ok: true, result, output });
  } catch (error) {
    self.postMessage({
      id: data.id,
      ok: false,
      error: String(error && error.message ? error.message : error),
      output
    });
  }
};
