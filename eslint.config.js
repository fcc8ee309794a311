// Lint rules. The one that matters most: workflow code stays deterministic (no Node built-ins, no
// activity implementations, no floating promises).
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['node_modules/', '.data/', '.tools/', 'test-output/', 'coverage/', 'bench/results/', 'dist/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Workflows must be deterministic: no Node built-ins.' },
            {
              group: ['../db', '../db/*', '../api/*', '../workers/*', '../engine', '../engine/*'],
              message: 'Workflows talk to the world through activities only.',
            },
            {
              group: ['../activities', '../activities/*'],
              allowTypeImports: true,
              message: 'Workflows may import activity types only.',
            },
          ],
          paths: [
            ...['fs', 'path', 'crypto', 'http', 'https', 'child_process', 'os', 'net'].map((name) => ({
              name,
              message: 'Workflows must be deterministic: no Node built-ins.',
            })),
            {
              name: '@temporalio/client',
              message: 'The Temporal client lives in engine/, outside the workflow sandbox.',
            },
          ],
        },
      ],
    },
  },
  {
    // Route files parse, call a service or store, and render a view: the HTML lives in the feature's view.ts.
    files: ['api/**/*routes*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TemplateElement[value.raw=/<[a-zA-Z!\\/]/]',
          message: "No HTML in route files: render it in the feature's view.ts (or <name>-view.ts).",
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
