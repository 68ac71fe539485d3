import js from '@eslint/js';
import { config as n8nCommunityNodes } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// n8n's own community-node rules (the config `n8n-node lint` runs) for what ships in the n8n packages;
// its "**/*.ts" block is narrowed to those folders, since its rules (no process, no setTimeout, …) are
// n8n Cloud's sandbox rules, not the relay's or the tools'.
const N8N_FILES = ['nodes/**/*.ts', 'credentials/**/*.ts'];
const n8n = n8nCommunityNodes.map((block) => (block.files?.includes('**/*.ts') ? { ...block, files: N8N_FILES } : block));

export default tseslint.config(
  globalIgnores([
    '**/node_modules',
    '**/dist',
    'build',
    'n8n-packages/*/dist',
    'zapier/apps/*/build',
    '**/*.js',
    '**/*.cjs',
    '!eslint.config.mjs',
  ]),
  ...n8n,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.mjs'],
    ignores: N8N_FILES,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      // A leading underscore marks a binding left unused on purpose (a destructured field left out).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read untyped JSON answers and reach into modules with require() (jest.requireActual, native
    // addons); kysely's migrations are written against Kysely<any>, as its docs do, since a migration must
    // not depend on today's schema type.
    files: ['test/**/*.ts', 'relay/db/migrations/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
