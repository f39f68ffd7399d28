// ESLint for the project's own TypeScript. The templates are linted by stagevar-lint itself;
// fixtures/eslint-example has its own config, which shows how users set up the plugin.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'fixtures/', 'coverage/', '.bench/'] },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.recommended],
    rules: {
      // `_name` marks a parameter or destructured value that is there for its position only.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // The bin is CommonJS (see its header): require is how it loads.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
