import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "db/migrations/**", "test-results/**", "playwright-report/**", "tests/.tmp/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Only React code: Playwright fixtures also call a function named `use`.
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Routes are adapters: queries live in app/domain (STYLE.md habit 1).
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "drizzle-orm", message: "Query in app/domain, not in a route." }] }],
    },
  },
);
