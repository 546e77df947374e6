// ESLint: Next's rules (core web vitals + typescript-eslint's recommended) and the layer/module boundaries of the
// architecture (README › Architecture). Formatting is Prettier's job: no stylistic rules here.
import fs from "node:fs";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const MODULES = fs
  .readdirSync(new URL("./server/modules", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// Boundaries are checked on import specifiers, so every cross-folder import has to be spelled `@/…`.
const PARENT_RELATIVE = {
  regex: "^\\.\\./",
  message: 'Import across folders through "@/…", so the boundary rules can see it.',
};
// A module's subfolders (use-cases/, queries/, histograms/) reach their own module's files with `../`; two levels up
// would leave the module.
const OUT_OF_MODULE = {
  regex: "^(\\.\\./){2,}",
  message: 'Import across modules through "@/server/modules/<name>", so the boundary rules can see it.',
};

/** `@typescript-eslint/no-restricted-imports` options: one set per file, since a later block replaces the rule's options. */
const restrict = (...patterns) => ["error", { patterns }];
/**
 * Deep imports into modules (anything below `@/server/modules/<name>/`), except into `own` and the `allowed` files
 * (regexes relative to the module folder, e.g. "router").
 */
const intoOtherModules = (own, extra = []) => {
  // A module's schemas are its client-safe contract (zod inputs, enums): anyone may import them directly.
  const allowed = ["schemas", ...extra];
  return {
    regex: `^@/server/modules/${own ? `(?!${own}/)` : ""}[^/]+/(?!(${allowed.join("|")})$).+`,
    message: "Another module is reached only through its index: @/server/modules/<name>.",
  };
};

const SOURCE = ["**/*.{ts,tsx,mts,mjs}"];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", ".data/**", "bench/results/**", "coverage/**", "next-env.d.ts", "db/migrations/**"]),
  {
    rules: {
      // `_`-prefixed names are deliberately unused (e.g. a destructured field left out of a spread).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/no-unused-expressions": "error",
      // Only says the React Compiler would skip a component (TanStack Table's hooks); the app does not use the compiler.
      "react-hooks/incompatible-library": "off",
    },
  },

  // ── Boundaries ────────────────────────────────────────────────────────────────────────────────────────────────
  // Default for code outside modules (app, scripts, bench, server kernel): a module only through its index.
  { files: SOURCE, rules: { "@typescript-eslint/no-restricted-imports": restrict(PARENT_RELATIVE, intoOtherModules()) } },
  // Inside a module: its own files freely, other modules only through their index.
  ...MODULES.flatMap((name) => [
    {
      files: [`server/modules/${name}/**/*.{ts,tsx}`],
      rules: { "@typescript-eslint/no-restricted-imports": restrict(OUT_OF_MODULE, intoOtherModules(name)) },
    },
    {
      files: [`server/modules/${name}/*.{ts,tsx}`],
      rules: { "@typescript-eslint/no-restricted-imports": restrict(PARENT_RELATIVE, intoOtherModules(name)) },
    },
  ]),
  // The root router mounts each module's router(s) (access has several: api-keys-router, me-router, …).
  {
    files: ["server/root.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(PARENT_RELATIVE, intoOtherModules(null, ["(.+-)?router"])),
    },
  },
  // The kernel's Scope names the caller's role and permissions; through the access index it would import its own
  // importers (access uses Scope), a cycle. permissions.ts imports nothing from server/modules.
  {
    files: ["server/scope.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(PARENT_RELATIVE, intoOtherModules(null, ["permissions"])),
    },
  },
  // `/v1` route files mount each module's REST handlers; the OpenAPI document lists them.
  {
    files: ["app/v1/**/*.{ts,tsx}", "server/http/openapi.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(PARENT_RELATIVE, intoOtherModules(null, ["rest"])),
    },
  },
  // components → client-side tRPC: nothing from app/, and from server/ only client-safe schemas, the AppRouter type and
  // the transformer (the tRPC client must serialize exactly as the server does).
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@/server/root", allowTypeImports: true, message: "Components use the AppRouter type only (import type)." },
          ],
          patterns: [
            PARENT_RELATIVE,
            { regex: "^@/app(/|$)", message: "components/ imports nothing from app/: move the shared code into components/." },
            {
              regex: "^@/server/(?!(root|transformer|modules/[^/]+/schemas|lib/common-schemas)$)",
              message:
                "components/ may import from server/ only modules' schemas, server/lib/common-schemas, server/transformer and (as a type) server/root.",
            },
          ],
        },
      ],
    },
  },
  // db → nothing from server (the server depends on the database, not the other way round).
  {
    files: ["db/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(PARENT_RELATIVE, {
        regex: "^@/server(/|$)",
        message: "db/ imports nothing from server/: move the shared code into db/ (or pass it in).",
      }),
    },
  },
  // Tests exercise modules' internals on purpose.
  {
    files: ["test/**/*.{ts,tsx}"],
    rules: { "@typescript-eslint/no-restricted-imports": restrict(PARENT_RELATIVE) },
  },
]);
