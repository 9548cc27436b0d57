// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'dist/',
      'server/dist/',
      'node_modules/',
      'coverage/',
      'test-results/',
      'playwright-report/',
      '.kith-data/',
      'custom-elements.json',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  lit.configs['flat/recommended'],
  wc.configs['flat/recommended'],
  // eslint-plugin-lit-a11y 5 has no `flat/` key, but its `recommended` is already a flat config object.
  litA11y.configs.recommended,
  {
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Sanitising and URL checks match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // chai: `expect(x).to.exist`, `.to.be.true` are property reads.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['src/**', 'demo/**', 'tests/elements/**', 'bench/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['*.{js,mjs,cjs,ts}', 'scripts/**', 'server/**', 'tests/unit/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // End-to-end tests run in Node but hand callbacks to the page.
    files: ['tests/e2e/**', 'tests/fixtures/**', 'scripts/bench.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
