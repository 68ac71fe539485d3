/** The READMEs npm shows for the relay/CLI package and the all-platforms n8n package (English only). */
import type { Command } from 'commander';
import { buildProgram } from '../../cli';
import { getPlatform, PLATFORM_IDS } from '../../shared';
import { platformPackageName, type RootPackageJson } from './manifests';

function commandLines(program: Command, prefix = 'hookline'): string[] {
  return program.commands.flatMap((c) =>
    c.commands.length ? commandLines(c, `${prefix} ${c.name()}`) : [`| \`${prefix} ${c.name()}\` | ${c.description()} |`],
  );
}

export function relayReadme(root: RootPackageJson): string {
  return `# hookline

The Hookline relay and CLI, and the core library, for ${PLATFORM_IDS.map((p) => getPlatform(p).name).join(', ')}.
The relay verifies every delivery on its raw bytes, stores it (SQLite or PostgreSQL) and fans it out as
REST hooks signed with Standard Webhooks, for n8n, Zapier and Make.

## Install

\`\`\`bash
npm install -g hookline                                  # Node >= 22
npm install -g --allow-scripts=better-sqlite3 hookline   # Node 20
\`\`\`

On Node 22 and later SQLite comes from better-sqlite3 13 (Node-API, prebuilt, no install script). On Node
20 it comes from better-sqlite3 12, which builds or downloads its native addon at install time; npm runs a
dependency's install script only when allowed, hence \`--allow-scripts\` (inside a project, approve it
with \`npm install-scripts approve better-sqlite3\`).

## Run the relay

\`\`\`bash
hookline relay                                  # http://127.0.0.1:8787, data in ./.hookline/
hookline relay --db postgres://user@host/db     # PostgreSQL; several instances may share it
\`\`\`

With no setup, the relay keeps \`./.hookline/relay.sqlite\` and generates an admin API key into
\`./.hookline/api-key\` (mode 0600) on first start; it prints the file's path, never the key. Set
\`HOOKLINE_API_KEY\` or \`--config\` to provide your own.

## Commands

| Command | What it does |
|---|---|
${commandLines(buildProgram()).join('\n')}

Every command has \`--help\`.

## Library

\`\`\`js
const { receive, sign } = require('hookline'); // also import { receive } from 'hookline'

const result = receive('conversa', { headers: req.headers, body: rawBody }, { secrets: [secret] });
if (!result.ok) res.status(result.error.status).json({ error: result.error });
\`\`\`

Documentation: ${root.homepage} (docs/relay.md, docs/relay-api.md). License: MIT.
`;
}

export function allPlatformsReadme(root: RootPackageJson): string {
  const rows = PLATFORM_IDS.map((p) => `| ${getPlatform(p).name} Trigger | ${getPlatform(p).name} | \`${platformPackageName(p)}\` |`);
  return `# n8n-nodes-hookline

Verified, typed webhook triggers for [n8n](https://n8n.io), every Hookline platform in one package, for
self-hosted n8n. Each delivery is verified on its raw bytes, parsed, checked against its event's schema
and emitted as one typed item; a forged or stale delivery is answered 401 and starts no execution.

Install in n8n: **Settings → Community Nodes → Install**, package \`n8n-nodes-hookline\`.

| Trigger | Platform | Also published alone as |
|---|---|---|
${rows.join('\n')}

Plus the **Hookline** action node: verify a delivery received by n8n's Webhook node, send a signed test
delivery, and manage Chatwoot webhooks. Each platform's own package holds exactly one service, as n8n's
verification asks. Their credential types have names of their own, so this package and per-platform ones
can be installed side by side.

Documentation: ${root.homepage} (docs/n8n.md). License: MIT.
`;
}
