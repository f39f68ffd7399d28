// ESLint for the project's own TypeScript. The templates are linted by stagevar-lint itself;
// fixtures/eslint-example has its own config, which shows how users set up the plugin.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'fixtures/', 'coverage/', '.bench/'] },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.recommended],
    rules: {
      // `_name` marks a parameter or destructured value that is there for its position only.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
);
