/**
 * The publishable packages and their package.json files, derived from the root package.json and the
 * catalog: `hookline` (relay, CLI and core library), `n8n-nodes-hookline` (every platform) and one
 * `n8n-nodes-hookline-<platform>` per catalog platform.
 */
import { getPlatform, PLATFORM_IDS, type PlatformId } from '../../shared';
import { credentialClassName, platformCredentialNames, triggerClassName } from '../../nodes/Hookline/names';

export type Json = Record<string, unknown>;

export interface RootPackageJson {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly license: string;
  readonly author: Json;
  readonly homepage: string;
  readonly repository: { type: string; url: string };
  readonly keywords: readonly string[];
  readonly engines: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}

export const RELAY_PACKAGE = 'hookline';
export const ALL_PLATFORMS_PACKAGE = 'n8n-nodes-hookline';
/** Where the per-platform packages' sources (manifest, README, node and credential entry files) live. */
export const PLATFORM_PACKAGES_DIR = 'n8n-packages';
export const platformPackageName = (platform: PlatformId) => `${ALL_PLATFORMS_PACKAGE}-${platform}`;
export const platformPackageNames = () => PLATFORM_IDS.map(platformPackageName);

const pascal = (s: string) => s.replace(/^./, (c) => c.toUpperCase());
export const triggerClass = triggerClassName;
export const actionClass = (platform: PlatformId) => getPlatform(platform).typeName;

/** Credential classes of a platform's own package, by role. */
export function platformCredentialClasses(platform: PlatformId): { signing: string; relay: string; chatwoot?: string } {
  const names = platformCredentialNames(platform);
  return {
    signing: pascal(names.signing),
    relay: pascal(names.relay),
    ...(getPlatform(platform).subscription?.kind === 'chatwoot' ? { chatwoot: pascal(names.chatwoot) } : {}),
  };
}

const nodePath = (cls: string) => `dist/nodes/${cls}/${cls}.node.js`;
const credentialPath = (cls: string) => `dist/credentials/${cls}.credentials.js`;

/** The `n8n` section of the all-platforms package (also the root package.json's). */
export function allPlatformsN8nSection(): Json {
  return {
    n8nNodesApiVersion: 1,
    strict: false,
    credentials: [
      credentialPath('ChatwootApi'),
      credentialPath('HooklineRelayApi'),
      ...PLATFORM_IDS.map((p) => credentialPath(credentialClassName(p))),
    ],
    nodes: [...PLATFORM_IDS.map((p) => nodePath(triggerClass(p))), nodePath('Hookline')],
  };
}

function commonFields(root: RootPackageJson): Json {
  return { version: root.version, license: root.license, author: root.author, homepage: root.homepage, repository: root.repository };
}

/** n8n community packages: no dependencies, n8n-workflow as the only peer, no scripts. */
function n8nManifest(
  root: RootPackageJson,
  fields: { name: string; description: string; keywords: readonly string[]; directory?: string; n8n: Json },
): Json {
  const { version, license, author, homepage, repository } = commonFields(root);
  return {
    name: fields.name,
    version,
    description: fields.description,
    license,
    author,
    homepage,
    repository: fields.directory ? { ...(repository as Json), directory: fields.directory } : repository,
    keywords: ['n8n-community-node-package', ...fields.keywords],
    files: ['dist'],
    n8n: fields.n8n,
    peerDependencies: { 'n8n-workflow': '*' },
  };
}

export function allPlatformsManifest(root: RootPackageJson): Json {
  const keywords = root.keywords.filter((k) => k !== 'n8n-community-node-package' && k !== 'zapier' && k !== 'make');
  return n8nManifest(root, {
    name: ALL_PLATFORMS_PACKAGE,
    description: `Verified, typed webhook triggers for ${PLATFORM_IDS.map((p) => getPlatform(p).name).join(', ')} in n8n, with a Hookline action node (all platforms in one package, for self-hosted n8n).`,
    keywords: [...keywords, ...PLATFORM_IDS],
    n8n: allPlatformsN8nSection(),
  });
}

export function platformManifest(root: RootPackageJson, platform: PlatformId): Json {
  const spec = getPlatform(platform);
  const creds = platformCredentialClasses(platform);
  return n8nManifest(root, {
    name: platformPackageName(platform),
    description: `${spec.name} trigger for n8n: verifies each webhook delivery on its raw bytes and starts the workflow with the typed event; plus an action node to verify and test ${spec.name} deliveries (Hookline).`,
    keywords: ['webhook', 'hookline', platform, ...(spec.subscription?.kind === 'chatwoot' ? ['chatwoot'] : [])],
    directory: `${PLATFORM_PACKAGES_DIR}/${platformPackageName(platform)}`,
    n8n: {
      n8nNodesApiVersion: 1,
      strict: false,
      credentials: [creds.signing, creds.relay, ...(creds.chatwoot ? [creds.chatwoot] : [])].map(credentialPath),
      nodes: [nodePath(triggerClass(platform)), nodePath(actionClass(platform))],
    },
  });
}

/**
 * Loaded only on Node 20 (relay/db/sqlite-driver.ts): optional, so an install on Node 22+ needs no native
 * build, and a failed build there loses nothing.
 */
const NODE20_ONLY_DEPENDENCIES: readonly string[] = ['better-sqlite3'];

/**
 * The relay/CLI package: the bundled relay, CLI and core library, with the npm packages the bundle
 * imports as real dependencies (their ranges as the root package.json declares them).
 */
export function relayManifest(root: RootPackageJson, imports: readonly string[]): Json {
  const declared = (names: readonly string[]) =>
    Object.fromEntries(
      [...names].sort().map((name) => {
        const range = root.devDependencies[name];
        if (!range) throw new Error(`the relay/CLI bundle imports "${name}", which the root package.json does not declare`);
        return [name, range];
      }),
    );
  const dependencies = declared(imports.filter((name) => !NODE20_ONLY_DEPENDENCIES.includes(name)));
  const optionalDependencies = declared(imports.filter((name) => NODE20_ONLY_DEPENDENCIES.includes(name)));
  const { version, license, author, homepage, repository } = commonFields(root);
  return {
    name: RELAY_PACKAGE,
    version,
    description:
      'Hookline relay and CLI: verified webhook ingest for Iris, InboundFlow, Intertel Conversa (Chatwoot), Modyo, Horneross and Standard Webhooks, stored in SQLite or PostgreSQL and fanned out as REST hooks signed with Standard Webhooks; plus the core library (receive, sign).',
    license,
    author,
    homepage,
    repository,
    keywords: ['webhook', 'relay', 'rest-hooks', 'standard-webhooks', 'hmac', 'chatwoot', 'n8n', 'zapier', 'make'],
    engines: root.engines,
    bin: { hookline: 'dist/cli/index.js' },
    main: 'dist/shared/index.js',
    types: 'dist/shared/index.d.ts',
    exports: {
      '.': { types: './dist/shared/index.d.ts', default: './dist/shared/index.js' },
      './core': { types: './dist/shared/index.d.ts', default: './dist/shared/index.js' },
      './package.json': './package.json',
    },
    files: ['dist'],
    dependencies,
    ...(Object.keys(optionalDependencies).length ? { optionalDependencies } : {}),
  };
}

export const MIT_LICENSE = (holder: string) => `MIT License

Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
