// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // domain/ is pure: no database, web framework or network imports.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['server/domain/**/*.ts', 'common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['pg', 'fastify', 'node:fs', 'node:net', 'node:http', '../store/*', '../../store/*', '../services/*', '../../services/*'] }],
    },
  },
);
