#!/usr/bin/env node
// Runs the ESLint checks of n8n's community-package scanner on a package folder and prints a JSON report.
//
//   node scripts/scan-n8n-package.mjs --scanner <dir from ensure-n8n-scanner.sh> --leg tarball|source <package dir>
//
// `tarball` lints what `npm pack` shipped (**/*.js and package.json), `source` the package's source
// (package.json and {nodes,credentials}/**/*.{js,ts,json}): the two legs `@n8n/scan-community-package`
// runs after its provenance check (scanner/scanner.mjs analyzePackageByName). The verdict comes from the
// scanner's own analyzePackage(); the counts come from the same ESLint config (its buildScanConfig) and
// options, so the report says which rules fired. Also lints the tarball leg with the newer
// @n8n/eslint-plugin-community-nodes that @n8n/node-cli ships (this repo's devDependency), `recommended`.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// eslint-plugin-n8n-nodes-base switches its file-name checks into its own test mode under NODE_ENV=test
// (lib/ast/utils/filename.js), which jest sets; the scanner runs without it.
delete process.env.NODE_ENV;

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const scannerDir = opt('scanner');
const leg = opt('leg') ?? 'tarball';
const packageDir = args[0] && resolve(args[0]);
if (!scannerDir || !packageDir || !['tarball', 'source'].includes(leg)) {
  console.error('usage: scan-n8n-package.mjs --scanner <dir> --leg tarball|source <package dir>');
  process.exit(2);
}

const scannerRoot = join(scannerDir, 'node_modules/@n8n/scan-community-package');
const scanner = await import(pathToFileURL(join(scannerRoot, 'scanner/scanner.mjs')).href);
const patterns = leg === 'tarball' ? ['**/*.js', 'package.json'] : scanner.SOURCE_FILE_PATTERNS;
const requireFromScanner = createRequire(join(scannerRoot, 'package.json'));
const { ESLint } = requireFromScanner('eslint');
const glob = requireFromScanner('fast-glob');

function summarise(results) {
  const byRule = {};
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    for (const m of r.messages) {
      const rule = m.ruleId ?? '(parse)';
      byRule[rule] ??= { errors: 0, warnings: 0, files: [] };
      if (m.severity === 2) (byRule[rule].errors++, errors++);
      else (byRule[rule].warnings++, warnings++);
      const file = r.filePath.slice(packageDir.length + 1);
      if (!byRule[rule].files.includes(file)) byRule[rule].files.push(file);
    }
  }
  return { errors, warnings, byRule };
}

async function lint(overrideConfig) {
  const eslint = new ESLint({ cwd: packageDir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig });
  const files = glob.sync(patterns, { cwd: packageDir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
  return { files: files.length, ...summarise(await eslint.lintFiles(files)) };
}

const verdict = await scanner.analyzePackage(packageDir, patterns);
const report = {
  scanner: requireFromScanner('./package.json').version,
  leg,
  patterns,
  verdict: { passed: verdict.passed, message: verdict.message ?? null, details: verdict.details ?? null },
  scannerRules: await lint(await scanner.buildScanConfig()),
};

if (leg === 'tarball') {
  // The plugin version @n8n/node-cli pins (newer than the scanner's), its cloud `recommended` config.
  const requireFromRepo = createRequire(join(import.meta.dirname, '..', 'node_modules/@n8n/node-cli/package.json'));
  const pluginPath = requireFromRepo.resolve('@n8n/eslint-plugin-community-nodes');
  const { n8nCommunityNodesPlugin } = await import(pathToFileURL(pluginPath).href);
  const tsParser = requireFromScanner('@typescript-eslint/parser');
  report.nodeCliPlugin = {
    version: createRequire(pluginPath)('../package.json').version,
    ...(await lint([n8nCommunityNodesPlugin.configs.recommended, { files: ['**/*.json'], languageOptions: { parser: tsParser } }])),
  };
}
console.log(JSON.stringify(report, null, 2));
