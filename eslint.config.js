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
  {
    // The floors run routes/ui → web → domain → db, never up (docs/architecture.md):
    // the domain takes plain data and a db, and returns plain data or a refusal code.
    files: ["app/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@remix-run/*"], message: "The domain speaks no HTTP: do this in app/web." },
            { group: ["~/web/*", "~/routes/*", "~/ui/*", "**/web/*", "**/routes/*", "**/ui/*"], message: "The domain imports nothing from the floors above it." },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "FormData", message: "Read forms in app/web; the domain takes plain values." },
        { name: "Response", message: "Answer HTTP in app/web; the domain returns a refusal code." },
        { name: "Request", message: "Requests belong to app/web." },
        { name: "Headers", message: "Headers belong to app/web." },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "TSTypeReference[typeName.name=/^(FormData|Response|Request|Headers)$/]", message: "The domain takes and returns plain data, not HTTP types." },
      ],
    },
  },
);
