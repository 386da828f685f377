import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The layers of src/: the shared lower layer (web's HTTP helpers and layout, access policy, the
 * audit log, the database, the API's OpenAPI helpers, London dates and working days, configuration
 * and errors) never imports a capability folder or the composition root src/app; capabilities never
 * import src/app. Tests sit on top of everything and are left out of the layer zones (they build
 * the whole app).
 */
const LOWER_LAYER = ['web', 'access', 'audit', 'db', 'api', 'dates', 'config.ts', 'errors.ts'];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'test-results/', 'dist/', 'dist.*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      // Runtime imports only: import-x's no-cycle skips type-only imports and has no option to follow them.
      // No maxDepth (a cycle through a long chain is still a cycle): it adds about 6 s of CPU to a lint of src/.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: LOWER_LAYER.map((part) => `./src/${part}`),
              from: './src',
              except: LOWER_LAYER.map((part) => `./${part}`),
              message:
                'The lower layer (web, access, audit, db, api, dates, config, errors) imports no capability and not src/app.',
            },
            {
              target: './src/!(app)/**',
              from: './src/app',
              message: 'Only src/server.ts imports the composition root src/app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/static/**/*.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly' } },
  },
);
