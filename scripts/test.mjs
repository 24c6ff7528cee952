// npm test: every suite of the project, then one summary line for CI:
//   tests: N passed, N failed
// Suites: static checks (type-check of every TypeScript file, eslint, prettier,
// stylelint), Node unit tests (test/**/*.test.ts), Python tests (py/tests), the
// Playwright UI tests on the built sites (built first when out of date), and the
// same user paths in Firefox ESR and WebKitGTK (ui-tests/engines/). Prints the
// total time before the summary.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const startedAt = Date.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2); // e.g. `npm test -- unit ui`
const wanted = suite => only.length === 0 || only.includes(suite);

function findFiles(dir, suffix) {
  const full = path.join(root, dir);
  if (!existsSync(full)) {
    return [];
  }
  return readdirSync(full).flatMap(name => {
    const relative = path.join(dir, name);
    if (statSync(path.join(root, relative)).isDirectory()) {
      return findFiles(relative, suffix);
    }
    return name.endsWith(suffix) ? [relative] : [];
  });
}

/** Run a command, echoing its output, and resolve with the exit code and the output. */
function run(command, args, env = {}) {
  return new Promise(resolve => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env }
    });
    let output = '';
    const echo = stream => chunk => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('close', code => resolve({ code: code ?? 1, output }));
  });
}

function lastNumber(output, pattern) {
  const matches = [...output.matchAll(pattern)];
  return matches.length ? Number(matches[matches.length - 1][1]) : 0;
}

// The JupyterLab extension template's prettier scope (HTML templates stay as written).
const PRETTIER_FILES = '**/*{.ts,.tsx,.js,.mjs,.cjs,.jsx,.css,.json,.md}';
const bin = name => path.join(root, 'node_modules', '.bin', name);

// Each check counts as one test: a type error or a lint finding fails the run.
const staticChecks = [
  ['type-check src/', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
  [
    'type-check tests, stand-in, benchmarks',
    bin('tsc'),
    ['-p', 'tsconfig.tools.json']
  ],
  ['eslint', bin('eslint'), ['.', '--max-warnings=0']],
  ['prettier', bin('prettier'), ['--check', PRETTIER_FILES]],
  ['stylelint', bin('stylelint'), ['style/**/*.css']]
];

const suites = [
  {
    name: 'lint',
    async run() {
      let passed = 0;
      let failed = 0;
      for (const [label, command, args] of staticChecks) {
        console.log(`--- ${label}`);
        const { code } = await run(command, args);
        console.log(`--- ${label}: ${code === 0 ? 'ok' : 'FAILED'}`);
        if (code === 0) {
          passed++;
        } else {
          failed++;
        }
      }
      return { passed, failed };
    }
  },
  {
    name: 'unit',
    async run() {
      const files = findFiles('test', '.test.ts').sort();
      if (files.length === 0) {
        return { passed: 0, failed: 0 };
      }
      const { code, output } = await run(process.execPath, [
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=1',
        ...files
      ]);
      const passed = lastNumber(output, /^# pass (\d+)/gm);
      const failed =
        lastNumber(output, /^# fail (\d+)/gm) +
        lastNumber(output, /^# cancelled (\d+)/gm);
      return { passed, failed: failed || (code !== 0 ? 1 : 0) };
    }
  },
  {
    name: 'python',
    async run() {
      if (!existsSync(path.join(root, 'py', 'tests'))) {
        return { passed: 0, failed: 0 };
      }
      const { code, output } = await run('python3', [
        '-m',
        'unittest',
        'discover',
        '-s',
        'py/tests',
        '-t',
        'py',
        '-v'
      ]);
      const ran = lastNumber(output, /^Ran (\d+) tests?/gm);
      const failures =
        lastNumber(output, /failures=(\d+)/g) +
        lastNumber(output, /errors=(\d+)/g);
      const skipped = lastNumber(output, /skipped=(\d+)/g);
      const failed = failures || (code !== 0 ? 1 : 0);
      return { passed: ran - failures - skipped, failed, skipped };
    }
  },
  {
    name: 'ui',
    async run() {
      const resultsFile = path.join(root, 'test-results', 'ui-results.json');
      const { code } = await run(
        path.join(root, 'node_modules', '.bin', 'playwright'),
        ['test', '-c', 'ui-tests/playwright.config.ts']
      );
      if (!existsSync(resultsFile)) {
        return { passed: 0, failed: 1 };
      }
      const { stats } = JSON.parse(readFileSync(resultsFile, 'utf8'));
      const failed = stats.unexpected + stats.flaky;
      return {
        passed: stats.expected,
        failed: failed || (code !== 0 ? 1 : 0),
        skipped: stats.skipped
      };
    }
  }
];

/** A node:test file of ui-tests/engines/, counted from its TAP summary. */
function engineSuite(name, file) {
  return {
    name,
    async run() {
      const { code, output } = await run(process.execPath, [
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=1',
        '--test-reporter=tap',
        path.join('ui-tests', 'engines', file)
      ]);
      const passed = lastNumber(output, /^# pass (\d+)/gm);
      const failed =
        lastNumber(output, /^# fail (\d+)/gm) +
        lastNumber(output, /^# cancelled (\d+)/gm);
      return {
        passed,
        failed: failed || (code !== 0 || passed === 0 ? 1 : 0),
        skipped:
          lastNumber(output, /^# skipped (\d+)/gm) +
          lastNumber(output, /^# todo (\d+)/gm)
      };
    }
  };
}
suites.push(
  engineSuite('firefox', 'firefox.engine.ts'),
  engineSuite('webkit', 'webkit.engine.ts')
);

let passed = 0;
let failed = 0;
let skipped = 0;

// Build first (when out of date): the site, and the drop-in variant (JupyterLite without our
// plugins bundled, our prebuilt extension in extensions/), which also builds labextension/.
// The engine suites need only the site.
if (['ui', 'python', 'firefox', 'webkit'].some(wanted)) {
  console.log('\n=== build ===');
  const builds = [[['--if-needed'], {}]];
  if (wanted('ui') || wanted('python')) {
    builds.push([
      ['--if-needed', '--drop-in'],
      { HEAVYAI_OUTPUT: process.env.HEAVYAI_DROPIN_OUTPUT ?? '_output-dropin' }
    ]);
  }
  for (const [buildArgs, env] of builds) {
    const build = await run(
      process.execPath,
      ['scripts/build.mjs', ...buildArgs],
      env
    );
    if (build.code !== 0) {
      console.log('build failed');
      console.log('tests: 0 passed, 1 failed');
      process.exit(1);
    }
  }
}

for (const suite of suites.filter(s => wanted(s.name))) {
  console.log(`\n=== ${suite.name} tests ===`);
  const result = await suite.run();
  console.log(
    `=== ${suite.name}: ${result.passed} passed, ${result.failed} failed ===`
  );
  passed += result.passed;
  failed += result.failed;
  skipped += result.skipped ?? 0;
}
if (skipped > 0) {
  // A skipped check is a defect in this project: count it as a failure.
  console.log(`${skipped} skipped test(s) counted as failed`);
  failed += skipped;
}
const minutes = (Date.now() - startedAt) / 60_000;
console.log(`total time: ${minutes.toFixed(1)} min`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
