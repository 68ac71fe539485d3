/** Real-n8n end-to-end tests: `npm run test:e2e` (builds first). One n8n per test file. */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  setupFiles: ['<rootDir>/test/support/loopback-only.ts'],
  maxWorkers: 1,
  testTimeout: 120000,
  // fetch's global keep-alive pool keeps sockets to the stopped n8n open; every server the tests start is closed.
  forceExit: true,
};
