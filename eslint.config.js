// ESLint: typescript-eslint with type information, import cycles forbidden, and determinism rules for workflows/.
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', '.cache/', 'out/', '.scratch/', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/ignore': ['node_modules'] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Plain JavaScript runs where TypeScript cannot (the launcher, child-process runners): Node's globals apply.
    files: ['**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // Workflow code is replayed: it must not touch the outside world or anything non-deterministic.
    files: ['workflows/**/*.ts', 'shared/**/*.ts', 'review/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({
            name,
            message: 'Workflow code runs in a sandbox: no Node built-ins.',
          })),
          patterns: [
            { group: ['node:*'], message: 'Workflow code runs in a sandbox: no Node built-ins.' },
            {
              group: [
                '**/db/*',
                '**/api/*',
                '**/web/*',
                '**/cli/*',
                '**/worker/*',
                '**/dev/*',
                '**/config/*',
                '**/channels/*',
                '**/campaign/*',
                '**/segments/*',
                '**/prompts/*',
                '**/scripts/*',
                '**/video/*',
              ],
              message: 'Not workflow-safe: workflows see shared/, @temporalio/workflow and activity types only.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop from @temporalio/workflow.' },
        { name: 'process', message: 'Workflows read no environment; pass values in the input.' },
        { name: 'fetch', message: 'Network calls belong in activities.' },
        { name: 'crypto', message: 'Use uuid4() from @temporalio/workflow for ids.' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Math.random is replaced by Temporal, but prefer passing randomness in.',
        },
      ],
    },
  },
);
