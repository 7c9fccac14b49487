// Lint: typescript-eslint with type information, so a forgotten `await` (no-floating-promises)
// or a promise passed where a callback is expected (no-misused-promises) fails the build, and so does an
// import that crosses the layers the wrong way.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersConfig } from './eslint.layers.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test-artifacts/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // Smaller rooms (issue 12): no function in src/ (a closure included, counted with what it nests) over
  // 150 lines of code.
  {
    files: ['src/**/*.ts', 'src/**/*.js'],
    rules: { 'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }] },
  },
  // The import rule between layers (domain <- store <- services <- slack, jobs <- main): eslint.layers.js.
  layersConfig,
);
