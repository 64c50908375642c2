// The site's lint: Vue 3's recommended rules and typescript-eslint's type-aware ones (as the API's
// eslint.config.mjs), with Prettier owning the formatting.
import js from '@eslint/js';
import { vueTsConfigs, withVueTs } from '@vue/eslint-config-typescript';
import prettier from 'eslint-config-prettier';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default withVueTs(
  { rootDir: import.meta.dirname },
  {
    // schema.ts is written by openapi-typescript (npm run web:api-types at the repository root).
    ignores: ['dist/**', '.quasar/**', 'node_modules/**', 'src/api/schema.ts'],
  },
  js.configs.recommended,
  pluginVue.configs['flat/recommended'],
  vueTsConfigs.recommendedTypeChecked,
  {
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The one component that sets HTML: markdown rendered by marked and sanitized by DOMPurify.
    files: ['src/components/MarkdownBody.vue'],
    rules: { 'vue/no-v-html': 'off' },
  },
  {
    // Build scripts and this file run in Node, outside the type-checked project.
    ...tseslint.configs.disableTypeChecked,
    files: ['**/*.js'],
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  prettier,
);
