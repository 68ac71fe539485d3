import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startMakeApiDouble } from './make-api-double';

jest.setTimeout(60_000);
const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const cli = (...args: string[]) => run(TSX, ['cli/index.ts', ...args], { cwd: ROOT, env: { ...process.env, MAKE_API_KEY: '' } });

describe('hookline export make / deploy make', () => {
  it('exports every platform', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hookline-make-cli-'));
    try {
      const { stdout } = await cli('export', 'make', '--out', out);
      expect(stdout.trim().split('\n')).toHaveLength(6);
      expect(
        readdirSync(out)
          .filter((f) => f.endsWith('.zip'))
          .sort(),
      ).toEqual(['conversa', 'horneross', 'inboundflow', 'iris', 'modyo', 'standard'].map((p) => `hookline-${p}.zip`));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('deploys one platform and rejects bad input with a usage error', async () => {
    const api = await startMakeApiDouble('cli-key-123');
    try {
      const { stdout } = await cli('deploy', 'make', '--api-url', api.url, '--api-key', 'cli-key-123', '--platform', 'iris', '--json');
      const [result] = JSON.parse(stdout) as Array<{ platform: string; modules: string[] }>;
      expect(result!.platform).toBe('iris');
      expect(result!.modules).toHaveLength(6); // Watch Events, 4 events, Make an API Call
      await expect(cli('deploy', 'make', '--api-url', api.url, '--platform', 'iris')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('API key is required'),
      });
      await expect(cli('export', 'make', '--platform', 'nope', '--out', tmpdir())).rejects.toMatchObject({ code: 2 });
      const failed = await cli('deploy', 'make', '--api-url', api.url, '--api-key', 'wrong-key-456', '--platform', 'iris').catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('HTTP 401') });
      expect((failed as { stderr: string }).stderr).not.toContain('wrong-key-456');
    } finally {
      await api.close();
    }
  });
});
