// ESLint: typescript-eslint with type information, import cycles forbidden, and determinism rules for workflows/.
import js from '@eslint/js';
import globals from 'globals';
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Every top-level folder of code; a folder not named in a layer's list below is out of that layer's reach. */
const FOLDERS = readdirSync(import.meta.dirname, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !['node_modules', 'test-artifacts'].includes(d.name))
  .map((d) => d.name);

/** A zone: files in `folder` may import from their own folder and from `allowed`, from no other folder of ours. */
const only = (folder, allowed, message) => ({
  target: `./${folder}`,
  from: FOLDERS.filter((f) => f !== folder && !allowed.includes(f)).map((f) => `./${f}`),
  message,
});

const STAGES = ['campaign', 'segments', 'prompts', 'scripts', 'review', 'video', 'channels', 'http', 'storage'];
const BELOW_ROUTES = ['shared', 'db', 'workflows', 'services', 'config', ...STAGES];

/** The direction of imports, as the README's architecture section draws it: each layer sees only what is below. */
const LAYERS = [
  only('shared', [], 'shared/ is workflow-safe and imports nothing of ours.'),
  only('config', ['shared'], 'config/ reads the environment; it imports only shared/.'),
  only('http', ['shared'], 'http/ (how outbound answers are read) imports only shared/.'),
  only('db', ['shared'], 'db/ imports only shared/: move a type both sides need to shared/.'),
  only('campaign', ['shared'], 'campaign/ is pure: it imports only shared/.'),
  only('segments', ['shared', 'campaign'], 'segments/ is pure: shared/ and the input-file positions of campaign/.'),
  only('prompts', ['shared'], 'prompts/ is pure: it imports only shared/.'),
  only('review', ['shared'], 'review/ is pure and workflow-safe: it imports only shared/.'),
  only('scripts', ['shared', 'prompts', 'http', 'config'], 'scripts/ sees prompts/, http/ and shared/ only.'),
  only(
    'video',
    ['shared', 'http', 'config'],
    'video/ sees http/ and shared/ only; the database reaches it via activities/.',
  ),
  only('channels', ['shared', 'http'], 'channels/ adapters know nothing of Temporal or the database.'),
  only('storage', ['shared', 'config'], 'storage/ (the asset store) knows its SDK, shared/ and config types only.'),
  only('workflows', ['shared', 'review', 'activities'], 'workflows/ see shared/, review/ and activity types only.'),
  only('activities', ['shared', 'db', ...STAGES], 'activities/ use stage modules and db/, never a process layer.'),
  only(
    'services',
    ['shared', 'db', 'workflows', ...STAGES],
    'services/ sit below api/ and web/ and never import them.',
  ),
  only('api', BELOW_ROUTES, 'api/ never imports activities/, web/, server/, cli/, worker/ or dev/.'),
  only('web', [...BELOW_ROUTES, 'api'], 'web/ never imports activities/, server/, cli/, worker/ or dev/.'),
  only('server', [...BELOW_ROUTES, 'api', 'web'], 'server/ composes api/ and web/; it runs no workers.'),
  only(
    'worker',
    ['shared', 'db', 'config', 'activities', 'workflows', ...STAGES],
    'worker/ never imports the HTTP side.',
  ),
  only('dev', [...BELOW_ROUTES, 'api', 'web', 'server', 'worker'], 'dev/ starts every process but never imports cli/.'),
  only(
    'cli',
    FOLDERS.filter((f) => !['activities', 'bench', 'examples', 'test'].includes(f)),
    'cli/ is a client: it never imports activity implementations.',
  ),
];

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
          patterns: [{ group: ['node:*'], message: 'Workflow code runs in a sandbox: no Node built-ins.' }],
        },
      ],
      // Which folders workflow code may import at all is the zones' business below; this adds "types only".
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities/*'],
              allowTypeImports: true,
              message: 'Workflows call activities through proxies: import their types only.',
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
  {
    files: ['**/*.ts', '**/*.js'],
    ignores: ['test/**', 'bench/**', 'examples/**'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: LAYERS }] },
  },
);
