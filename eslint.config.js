// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'media/build/**', 'node_modules/**', '.vscode-test/**', 'test/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    // The core runs in Node, in browsers and in the extension host: it must never reach for the vscode API.
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/webview/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }] }],
    },
  },
  {
    // Pure core modules must also stay free of Node built-ins so they run in a browser and a web extension host.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/node/**', 'src/core/**/*.node.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Only src/extension may import vscode.' }],
        patterns: [{ group: ['node:*', 'fs', 'path', 'worker_threads', 'child_process', 'os'], message: 'Core modules run in browsers too; put Node-only code in a node/ folder or a *.node.ts file.' }],
      }],
    },
  },
);
