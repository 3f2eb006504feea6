// Lint only what the type checker cannot see: promises nobody awaits (a lost write, an unhandled rejection, a test
// that ends before its assertion) and type assertions that make up an object the compiler would otherwise check.
// Formatting is not this file's business.
import tseslint from 'typescript-eslint';

const typed = {
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
  },
  plugins: { '@typescript-eslint': tseslint.plugin },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'coverage/**'] },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'bench/**/*.ts', 'test/**/*.ts', 'test/**/*.tsx'],
    ...typed,
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    // Tests build partial fixtures on purpose (`{ … } as never` for a malformed input); the product code may not.
    files: ['src/**/*.ts', 'src/**/*.tsx', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'as', objectLiteralTypeAssertions: 'never' }] },
  },
);
