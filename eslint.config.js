// @ts-check
// Lint keeps the layers the folder list shows (README "Development"):
//   src/platform < src/shared < src/features/<one feature> < src/cli < components/
// A layer imports only from the layers to its left; features never import each other; src/ never
// imports components/. Test-support files (*.testkit.ts, testing/) and tests obey the same rule.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const FEATURES = ['install', 'doctor', 'uninstall', 'rotate', 'testbuild'];

/** @type {{ target: string; from: string | string[]; message: string }[]} */
const zones = [
  {
    target: 'src/platform',
    from: ['src/shared', 'src/features', 'src/cli', 'components'],
    message: 'src/platform is the bottom layer: move what it needs down into src/platform.',
  },
  {
    target: 'src/shared',
    from: ['src/features', 'src/cli', 'components'],
    message: 'src/shared sits below the features and the CLI: move what it needs into src/shared or src/platform.',
  },
  {
    target: 'src/features',
    from: ['src/cli', 'components'],
    message: 'A feature does not know the CLI or the screens: take its own options type, and let components/ call it.',
  },
  ...FEATURES.map((feature) => ({
    target: `src/features/${feature}`,
    from: FEATURES.filter((other) => other !== feature).map((other) => `src/features/${other}`),
    message: 'Features never import each other: move what two features need into src/shared (or src/platform).',
  })),
  {
    target: 'src/cli',
    from: ['components'],
    message: 'src/ never imports components/: the screens call the domain, not the other way round.',
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/.cache/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        URLSearchParams: 'readonly',
        __PKG_VERSION__: 'readonly',
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A callback made before the object it calls (a server's handler, a harness's hook) is legit.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Matching terminal control characters is this tool's job (sanitising text from the cluster).
      'no-control-regex': 'off',
      // An exported type may still be spelled out where it helps the reader.
      '@typescript-eslint/no-empty-object-type': 'off',
    },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
