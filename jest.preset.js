// Shared Jest settings: SWC transpiles TypeScript with decorator metadata (Nest, TypeORM);
// the workspace path aliases of tsconfig.base.json resolve to the libs' sources; every test file
// registers every domain module's migrations first (jest.modules.ts), and the first worker to need
// a database builds the template from them (libs/platform/src/testing, under an advisory lock).
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace(/[/]/g, '\\/')}$`] = path.join(__dirname, target);
}

module.exports = {
  testEnvironment: 'node',
  // jest-runtime with V8's code cache kept across a worker's test files (scripts/jest-runtime.cjs)
  runtime: path.join(__dirname, 'scripts/jest-runtime.cjs'),
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/?(*.)+(spec).ts'],
  globalSetup: path.join(__dirname, 'libs/platform/src/testing/global-setup.ts'),
  setupFiles: [path.join(__dirname, 'jest.modules.ts')],
  testTimeout: 30000,
};
