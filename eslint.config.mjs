// The JupyterLab extension template's ESLint rules, in ESLint's flat-config form
// (the template still uses the legacy .eslintrc format of ESLint 8, which is end-of-life).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'lib/**',
      '_output*/**',
      'labextension/**',
      'examples/*/labextension/**',
      'test-results/**',
      'playwright-report/**',
      'dist/**',
      'lite/build/**',
      'lite/main.template.js',
      '**/*.d.ts'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettierRecommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, ...globals.worker }
    },
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-use-before-define': 'off',
      quotes: [
        'error',
        'single',
        { avoidEscape: true, allowTemplateLiterals: false }
      ],
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error'
    }
  },
  {
    // The layering: pure logic imports nothing from JupyterLab or Lumino, so it runs (and is
    // unit-tested) in Node, in the service worker and before the application starts.
    files: [
      'src/sql/**/*.ts',
      'src/wire/**/*.ts',
      'src/codegen/**/*.ts',
      'src/handoff/**/*.ts',
      'src/store/**/*.ts',
      'src/service-worker/**/*.ts',
      'src/sql-editor/connection-target.ts',
      'src/ids.ts',
      'src/site-config.ts',
      'src/translate.ts',
      'src/timing-marks.ts'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@jupyterlab/*', '@lumino/*'],
              message:
                'Pure modules import nothing from JupyterLab or Lumino: put this in src/plugins/ or a UI folder.'
            }
          ]
        }
      ]
    }
  },
  {
    // The host SDK runs in the Immerse page: it may use the wire contract and nothing else of ours.
    files: ['src/embed/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@jupyterlab/*', '@lumino/*'],
              message: 'The host SDK has no JupyterLab dependency.'
            },
            {
              group: ['../*', '!../wire', '!../wire/*'],
              message:
                'The host SDK imports only src/wire/ (and its own folder).'
            }
          ]
        }
      ]
    }
  },
  {
    // CommonJS build files (webpack configs) and plain scripts.
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  }
);
