import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORM_IDS } from '../../shared';
import { PLATFORM_PACKAGES_DIR, platformPackageName } from '../../scripts/packages/manifests';
import { extract, packed, REPORTS_DIR, ROOT, tarball, type Packed } from './support';

/** n8n's community-package scanner, pinned (scripts/ensure-n8n-scanner.sh). */
const SCANNER = execFileSync('bash', [join(ROOT, 'scripts/ensure-n8n-scanner.sh')], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
}).trim();

interface RuleCounts {
  files: number;
  errors: number;
  warnings: number;
  byRule: Record<string, { errors: number; warnings: number; files: string[] }>;
}
interface ScanReport {
  scanner: string;
  verdict: { passed: boolean; message: string | null; details: string | null };
  scannerRules: RuleCounts;
  nodeCliPlugin?: RuleCounts & { version: string };
}

function scan(dir: string, leg: 'tarball' | 'source'): ScanReport {
  const out = execFileSync(process.execPath, [join(ROOT, 'scripts/scan-n8n-package.mjs'), '--scanner', SCANNER, '--leg', leg, dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as ScanReport;
}

function files(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base)).flatMap((f) =>
    statSync(join(dir, base, f)).isDirectory() ? files(dir, join(base, f)) : [join(base, f)],
  );
}

const n8nPackages = packed().filter((p) => p.kind !== 'relay');
const platformPackages = n8nPackages.filter((p) => p.kind === 'n8n-platform');
const unpacked = new Map<string, string>(n8nPackages.map((p) => [p.name, extract(tarball(p))]));
const results: Record<string, unknown> = {};

afterAll(() => {
  mkdirSync(REPORTS_DIR, { recursive: true });
  writeFileSync(join(REPORTS_DIR, 'scan-report.json'), `${JSON.stringify(results, null, 2)}\n`);
});

describe("n8n's scanner rules on the packed n8n packages", () => {
  it('there is one package per catalog platform, plus the all-platforms one', () => {
    expect(platformPackages.map((p) => p.name).sort()).toEqual(PLATFORM_IDS.map(platformPackageName).sort());
    expect(n8nPackages.map((p) => p.name)).toContain('n8n-nodes-hookline');
  });

  it.each(n8nPackages.map((p) => [p.name, p] as const))(
    '%s: the published files pass (tarball leg: **/*.js and package.json), 0 errors',
    (name, p: Packed) => {
      const report = scan(unpacked.get(name)!, 'tarball');
      results[`${name} (tarball)`] = { scanner: report.scannerRules, nodeCliPlugin: report.nodeCliPlugin };
      expect(report.verdict).toEqual({ passed: true, message: null, details: null });
      expect(report.scannerRules.files).toBeGreaterThan(p.kind === 'n8n-platform' ? 5 : 15);
      expect(report.scannerRules.errors).toBe(0);
      expect(report.nodeCliPlugin!.errors).toBe(0);
    },
  );

  it.each(platformPackages.map((p) => [p.name] as const))(
    '%s: its source in the repository passes (source leg, as found by name from the provenance commit)',
    (name) => {
      const report = scan(join(ROOT, PLATFORM_PACKAGES_DIR, name), 'source');
      results[`${name} (source)`] = report.scannerRules;
      expect(report.verdict.passed).toBe(true);
      expect(report.scannerRules.errors).toBe(0);
    },
  );

  it('n8n-nodes-hookline: its source (the repository root) passes too', () => {
    const report = scan(ROOT, 'source');
    results['n8n-nodes-hookline (source)'] = report.scannerRules;
    expect(report.verdict.passed).toBe(true);
    expect(report.scannerRules.files).toBeGreaterThan(20);
  });

  it.each(n8nPackages.map((p) => [p.name] as const))(
    '%s: no runtime dependencies, n8n-workflow the only peer, no scripts, only dist/ and its metadata',
    (name) => {
      const dir = unpacked.get(name)!;
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      expect(manifest.dependencies).toBeUndefined();
      expect(manifest.devDependencies).toBeUndefined();
      expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
      expect(manifest.scripts).toBeUndefined();
      expect(manifest.bin).toBeUndefined();
      expect(manifest.keywords).toContain('n8n-community-node-package');
      expect(
        files(dir)
          .filter((f) => !f.startsWith('dist/'))
          .sort(),
      ).toEqual(['LICENSE', 'README.md', 'package.json']);
      expect(files(dir).filter((f) => f.startsWith('dist/cli'))).toEqual([]);
      for (const path of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files(dir)).toContain(path);
    },
  );

  it.each(n8nPackages.map((p) => [p.name] as const))(
    '%s: zod is imported from n8n, never bundled: no Function constructor or eval in what ships',
    (name) => {
      const dir = unpacked.get(name)!;
      const code = files(dir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(join(dir, f), 'utf8'));
      expect(code.join('\n')).not.toMatch(/\bnew Function\b|\bFunction\(|\beval\(/);
      expect(code.some((c) => c.includes('require("zod/v4")'))).toBe(true);
      expect(code.join('\n')).not.toMatch(/ZodType\s*=|class \$?ZodType\b/);
    },
  );
});

describe('the check can fail', () => {
  const conversa = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookline-scan-negative-'));
    cpSync(unpacked.get(platformPackageName('conversa'))!, dir, { recursive: true });
    return dir;
  };
  const fired = (report: ScanReport) =>
    Object.entries(report.scannerRules.byRule)
      .filter(([, v]) => v.errors > 0)
      .map(([rule]) => rule);

  it('a shipped file with `new Function` fails the scan (no-dangerous-functions)', () => {
    const dir = conversa();
    writeFileSync(join(dir, 'dist/nodes/IntertelConversaTrigger/compiled.js'), 'module.exports = new Function("a", "return a + 1");\n');
    const report = scan(dir, 'tarball');
    expect(report.verdict.passed).toBe(false);
    expect(fired(report)).toContain('@n8n/community-nodes/no-dangerous-functions');
  });

  it('a shipped file reading `process.env` fails the scan (no-restricted-globals)', () => {
    const dir = conversa();
    const trigger = join(dir, 'dist/nodes/IntertelConversaTrigger/IntertelConversaTrigger.node.js');
    writeFileSync(trigger, `${readFileSync(trigger, 'utf8')}\nconst leaked = process.env.CHATWOOT_SECRET;\n`);
    const report = scan(dir, 'tarball');
    expect(report.verdict.passed).toBe(false);
    expect(fired(report)).toContain('@n8n/community-nodes/no-restricted-globals');
  });

  it('a runtime dependency or an unlisted import fails the scan', () => {
    const dir = conversa();
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, dependencies: { axios: '^1.0.0' } }, null, 2));
    writeFileSync(join(dir, 'dist/nodes/IntertelConversaTrigger/http.js'), 'module.exports = require("axios");\n');
    const report = scan(dir, 'tarball');
    expect(report.verdict.passed).toBe(false);
    expect(fired(report)).toEqual(
      expect.arrayContaining(['@n8n/community-nodes/no-runtime-dependencies', '@n8n/community-nodes/no-restricted-imports']),
    );
  });
});
