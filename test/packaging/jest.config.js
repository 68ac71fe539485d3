/** Tests of the packed artifacts as users install them: `npm run test:packages` (packs first). */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  roots: ['<rootDir>/test/packaging'],
  testMatch: ['**/*.test.ts'],
  // Installs compile better-sqlite3 and n8n's scanner lints every package: one file at a time on 2 cores.
  maxWorkers: 1,
  testTimeout: 300000,
};
