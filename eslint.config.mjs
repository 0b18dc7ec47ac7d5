// ESLint flat config (STYLE §10): type-checked rules for floating promises, no console, and the
// dependency direction of STYLE §2 enforced per folder.
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const forbid = (group, message) => ({ group, message });

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.data/**',
      'coverage/**',
      '.scratch/**',
      '.schemathesis/**',
      '**/*.js',
      '**/*.mjs',
      // The console is its own package (React, DOM types); `tsc -b` in apps/console checks it. Its browser
      // tests (apps/console/e2e) are Node code and stay linted here.
      'apps/console/src/**',
      'apps/console/node_modules/**',
      'apps/console/dist/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restrict([
      forbid(
        [
          '@shuangcha/*',
          '**/libs/contracts/**',
          '**/libs/persistence/**',
          '**/libs/config/**',
          '**/apps/**',
          '**/workflows/**',
          '**/activities/**',
          '@temporalio/*',
          '@nestjs/*',
          'typeorm',
          'pg',
        ],
        'libs/domain is pure TypeScript (STYLE §2)',
      ),
    ]),
  },
  {
    files: ['libs/contracts/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restrict([
      forbid(
        [
          '@shuangcha/persistence',
          '@shuangcha/config',
          '**/apps/**',
          '**/workflows/**',
          '**/activities/**',
          '@nestjs/*',
          'typeorm',
          'pg',
        ],
        'contracts hold definitions only (STYLE §2)',
      ),
    ]),
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.workflow-spec.ts', '**/*.replay-spec.ts'],
    rules: restrict([
      forbid(
        [
          '@shuangcha/persistence',
          '@shuangcha/config',
          '**/activities/**',
          '**/apps/**',
          '@temporalio/client',
          '@temporalio/worker',
          '@temporalio/activity',
          '@nestjs/*',
          'typeorm',
          'pg',
          'node:*',
          'fs',
          'path',
          'crypto',
        ],
        'workflows import only contracts, domain and @temporalio/workflow (STYLE §2, §3)',
      ),
    ]),
  },
  {
    files: ['apps/gateway/**/*.ts'],
    // Gateway tests host an in-process worker to drive real workflows; the rule guards production code.
    ignores: ['apps/gateway/test/**', '**/*.spec.ts', '**/*.int-spec.ts'],
    rules: restrict([
      forbid(
        ['**/workflows/**', '**/activities/**', '@temporalio/worker'],
        'the gateway talks to workflows only through @temporalio/client (STYLE §2)',
      ),
    ]),
  },
  {
    files: ['activities/**/*.ts'],
    ignores: ['**/*.int-spec.ts', '**/*.spec.ts'],
    rules: restrict([
      forbid(
        ['**/workflows/**', '**/apps/**', '@temporalio/workflow'],
        'activities never import workflow code (STYLE §2)',
      ),
    ]),
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.workflow-spec.ts',
      '**/*.replay-spec.ts',
      '**/*.e2e-spec.ts',
      '**/*.pw.ts',
      'test/**/*.ts',
    ],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
