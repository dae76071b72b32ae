// Lint: the recommended JavaScript and TypeScript rules, run by `npm test` before the tests.
// Formatting is Prettier's job (.prettierrc.json), so no rule here is about layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'coverage/**', 'apps/api/src/web/assets/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // On Node 20 an AsyncLocalStorage's promise hooks, once it is entered, run on every promise of
    // the process: 4% of a status change's CPU at 16 clients (bench/README.md, 2026-12-05, late).
    // What a request's handling needs to know is passed to it (a query's reader, a command's context).
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:async_hooks', 'async_hooks'].map((name) => ({
            name,
            importNames: ['AsyncLocalStorage', 'createHook'],
            message:
              'Pass what a request needs explicitly: async hooks cost every promise on Node 20 (bench/README.md).',
          })),
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // Tests and benchmarks read JSON answers and drive a browser page: their values' shapes are what they assert.
    files: ['tests/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
