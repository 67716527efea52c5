// ESLint flat config for the REP Hub monorepo (ESLint 9, typescript-eslint 8, @nx/eslint-plugin 23).
//
// - TypeScript: typescript-eslint `recommended` (syntactic only; no type information, so no
//   parserOptions.project and no tsconfig is read).
// - Module boundaries: @nx/enforce-module-boundaries on Nx tags (see DEP_CONSTRAINTS below and
//   ARCHITECTURE.md "Shape"). The rule reads Nx's cached project graph (.nx/workspace-data). Run
//   lint through Nx (`npm run lint`, `npx nx run-many -t lint`) or run any nx command first
//   (`npx nx show projects`): with no cached graph the rule prints "No cached ProjectGraph is
//   available" and is SKIPPED; with a stale graph, new projects are not seen.
// - Untagged projects: the rule has no option that rejects a project for having no tags. Because no
//   constraint uses `sourceTag: '*'`, an untagged project that imports another project fails with
//   "A project without tags matching at least one constraint cannot depend on any libraries", and
//   importing an untagged project fails every constraint below. An untagged project that imports
//   nothing passes the rule; scripts/check-tags.cjs (run in CI beside lint) catches that case, and
//   also any project none of whose tags is a sourceTag here (it imports DEP_CONSTRAINTS).
//   Do NOT add a `sourceTag: '*'` constraint: it matches untagged projects too and would hide them.
// - Plain JS (root configs, scripts/*.cjs, jest presets): @eslint/js recommended only.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.cts', '**/*.mts'];
const JS_FILES = ['**/*.js', '**/*.cjs', '**/*.mjs'];

// Who may import whom. Every constraint matching a project's tags must hold. Exported so that
// scripts/check-tags.cjs can require every project to carry a tag named here (a sourceTag).
// Imports of application projects are refused by the rule itself (noImportsOfApps) as well.
// The libs every module may use, by kind.
const SHARED = ['type:platform', 'type:reference', 'type:core', 'type:contracts'];

export const DEP_CONSTRAINTS = [
  {
    // apps are composition roots: the kits and the modules they list, never another app
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [...SHARED, 'type:kit', 'type:domain', 'type:api', 'type:web'],
  },
  {
    // the web and API kits (libs/web-surface, libs/api-surface): the core's pages and routes and
    // what every module's pages and routes share (layout, forms, dates, journeys, sessions,
    // paging, problem examples). A kit knows no domain.
    sourceTag: 'type:kit',
    onlyDependOnLibsWithTags: SHARED,
  },
  {
    // a module's API routes and pages (libs/<domain>/api, libs/<domain>/web): its own domain lib
    // and the kits
    sourceTag: 'type:api',
    onlyDependOnLibsWithTags: [...SHARED, 'type:kit', 'type:domain'],
  },
  {
    sourceTag: 'type:web',
    onlyDependOnLibsWithTags: [...SHARED, 'type:kit', 'type:domain'],
  },
  {
    // cross-app end-to-end suites (test/e2e, test/browser): may use any library's testing
    // helpers and compose every module; they reach apps by starting them, never by importing them
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: [...SHARED, 'type:kit', 'type:domain', 'type:api', 'type:web'],
  },
  {
    // a domain's projects use their own and the shared libs, never another domain's: what one
    // module reads of another goes through a published contract (libs/contracts). One such
    // constraint per domain scope.
    sourceTag: 'scope:ap',
    onlyDependOnLibsWithTags: [
      'scope:ap',
      'scope:shared',
      'scope:auth',
      'scope:tenancy',
      'scope:audit',
      'scope:disclosure',
    ],
  },
  {
    sourceTag: 'scope:evaluation',
    onlyDependOnLibsWithTags: [
      'scope:evaluation',
      'scope:shared',
      'scope:auth',
      'scope:tenancy',
      'scope:audit',
      'scope:disclosure',
    ],
  },
  {
    sourceTag: 'scope:national',
    onlyDependOnLibsWithTags: [
      'scope:national',
      'scope:shared',
      'scope:auth',
      'scope:tenancy',
      'scope:audit',
      'scope:disclosure',
    ],
  },
  {
    sourceTag: 'scope:workforce',
    onlyDependOnLibsWithTags: [
      'scope:workforce',
      'scope:shared',
      'scope:auth',
      'scope:tenancy',
      'scope:audit',
      'scope:disclosure',
    ],
  },
  {
    sourceTag: 'scope:plans',
    onlyDependOnLibsWithTags: [
      'scope:plans',
      'scope:shared',
      'scope:auth',
      'scope:tenancy',
      'scope:audit',
      'scope:disclosure',
    ],
  },
  {
    // a domain lib never imports another domain lib: what one module reads of another goes
    // through a published contract (libs/contracts: indicators, read contracts)
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:platform', 'type:reference', 'type:core', 'type:contracts'],
  },
  {
    // what modules publish to each other (indicators, read contracts): shapes and registries,
    // never a domain's code
    sourceTag: 'type:contracts',
    onlyDependOnLibsWithTags: ['type:platform', 'type:reference', 'type:core'],
  },
  {
    // tenancy, auth, audit
    sourceTag: 'type:core',
    onlyDependOnLibsWithTags: ['type:platform', 'type:reference', 'type:core'],
  },
  {
    // disclosure control (libs/disclosure): a core lib every module and surface may use, that
    // knows no domain and so imports no project at all (one more constraint on top of type:core)
    sourceTag: 'scope:disclosure',
    onlyDependOnLibsWithTags: [],
    notDependOnLibsWithTags: ['*'],
  },
  {
    // config, database, queue, logging, health: depends on no other kind of project
    sourceTag: 'type:platform',
    onlyDependOnLibsWithTags: ['type:platform'],
  },
  {
    // code lists and validators: a leaf, depends on no project at all
    sourceTag: 'type:reference',
    onlyDependOnLibsWithTags: [],
    notDependOnLibsWithTags: ['*'],
  },
];

// Node.js globals for plain scripts (kept inline rather than relying on a transitive `globals`).
const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'AbortController',
    'AbortSignal',
    'TextEncoder',
    'TextDecoder',
    'fetch',
    'Request',
    'Response',
    'Headers',
    'structuredClone',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'queueMicrotask',
    'globalThis',
  ].map((name) => [name, 'readonly']),
);
// CommonJS module-scope names (sourceType 'commonjs' already provides require, module, exports).
const CJS_GLOBALS = { ...NODE_GLOBALS, __dirname: 'readonly', __filename: 'readonly' };

export default defineConfig(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/tmp/**',
      '**/coverage/**',
      '**/.data/**',
      '**/.nx/**',
      '**/test-results/**',
    ],
  },

  // Plain JavaScript: basic rules only.
  {
    files: JS_FILES,
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs', globals: CJS_GLOBALS },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: NODE_GLOBALS },
  },

  // TypeScript: recommended, syntactic (not type-aware).
  {
    files: TS_FILES,
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: NODE_GLOBALS },
    rules: {
      // TypeScript itself reports undefined names; the core rule does not know TS globals/types.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // CommonJS TypeScript config files (jest.config.cts) use module.exports.
    files: ['**/*.cts'],
    languageOptions: { sourceType: 'commonjs', globals: CJS_GLOBALS },
  },

  // Nx module boundaries, for every source file that belongs to an Nx project.
  {
    files: [...TS_FILES, ...JS_FILES],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: DEP_CONSTRAINTS,
        },
      ],
    },
  },
);
