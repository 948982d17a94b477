import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', window: 'readonly', document: 'readonly', localStorage: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Chinese documents set the ideographic space (U+3000) on purpose, in strings and templates alike.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
      // Money must never pass through a float: these are the usual ways it sneaks in.
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Amounts are parsed exactly with src/money.' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'The engine runs in plain Node: electron belongs in electron/.' },
          { name: 'react', message: 'The engine imports no UI library.' },
        ],
      }],
    },
  },
  {
    // Stores are async: a call that is not awaited would write after its unit of work committed, or
    // never. Checked with the type information of the engine and the tests.
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['test/bench/**/*.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
);
