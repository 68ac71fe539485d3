// Copies node icons, codex files and static output schemas next to the built nodes, as n8n-node build does.
const { cpSync, existsSync, readdirSync, statSync, mkdirSync } = require('node:fs');
const { join, dirname } = require('node:path');

function walk(dir, visit) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, visit);
    else visit(path);
  }
}
for (const root of ['nodes', 'credentials']) {
  walk(root, (path) => {
    if (/\.(svg|png)$/.test(path) || /\.node\.json$/.test(path) || path.includes('__schema__')) {
      const target = join('dist', path);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  });
}
