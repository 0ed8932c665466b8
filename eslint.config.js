import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'cdk.out', '.data', 'console/dist', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  { files: ['local/**', 'bench/**', 'test/**', 'infra/**', 'scripts/**', 'assets/**', 'console/build.ts'], rules: { 'no-console': 'off' } },
  // Plain scripts that run before any TypeScript tooling, on Node itself.
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Date: 'readonly', Promise: 'readonly' } } },
  // Tests read untyped JSON responses.
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
