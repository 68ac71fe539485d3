import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadme } from '../../scripts/generate-docs';

describe('README', () => {
  it('carries the catalog tables as generated from the catalog (run scripts/generate-docs.ts)', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    expect(renderReadme(readme)).toBe(readme);
    expect(readme).toContain('`message_created`');
  });
});
