import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATORS } from '../scripts/generators';

const root = join(__dirname, '..');

describe('generated files (npm run generate)', () => {
  for (const generator of GENERATORS) {
    it(`${generator.name}: every file is as the catalog generates it`, () => {
      const files = generator.files(root);
      expect(files.size).toBeGreaterThan(0);
      for (const [rel, content] of files) {
        const path = join(root, rel);
        expect({ file: rel, exists: existsSync(path) }).toEqual({ file: rel, exists: true });
        expect({ file: rel, upToDate: readFileSync(path, 'utf8') === content }).toEqual({ file: rel, upToDate: true });
      }
    });
  }

  it("nothing generated earlier is left over (e.g. a removed platform's package)", () => {
    expect(GENERATORS.flatMap((g) => g.leftovers?.(root) ?? [])).toEqual([]);
  });

  it('the README carries the catalog tables', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('`message_created`');
  });
});
