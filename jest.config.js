/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/support/loopback-only.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/e2e/', '/packaging/'],
  maxWorkers: 2,
  testTimeout: 30000,
};
