import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ICredentialType, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { PLATFORM_IDS, PLATFORMS, getPlatform, listPlatforms, sign, type PlatformId } from '../../shared';
import { Hookline } from '../../nodes/Hookline/Hookline.node';
import { platformCredentialNames, sharedCredentialNames } from '../../nodes/Hookline/names';
import { platformAction, platformTrigger } from '../../nodes/Hookline/platform-package';
import { createTrigger } from '../../nodes/Hookline/trigger';
import { platformChatwootCredential, platformRelayCredential, platformSigningCredential } from '../../credentials/platform-credentials';
import { ChatwootApi } from '../../credentials/ChatwootApi.credentials';
import { HooklineRelayApi } from '../../credentials/HooklineRelayApi.credentials';
import { createSigningCredential } from '../../credentials/signing-credential';
import { PLATFORM_PACKAGES_DIR, platformCredentialClasses, platformPackageName } from '../../scripts/packages/manifests';

const ROOT = join(__dirname, '../..');
const manifestOf = (p: PlatformId) =>
  JSON.parse(readFileSync(join(ROOT, PLATFORM_PACKAGES_DIR, platformPackageName(p), 'package.json'), 'utf8'));
const credentialsOfPackage = (p: PlatformId): ICredentialType[] => [
  new (platformSigningCredential(p))(),
  new (platformRelayCredential(p))(),
  ...(getPlatform(p).subscription?.kind === 'chatwoot' ? [new (platformChatwootCredential(p))()] : []),
];
const referenced = (node: INodeType) => (node.description.credentials ?? []).map((c) => c.name);
const SPANISH = listPlatforms().flatMap((s) => s.events.filter((e) => e.label.es !== e.label.en).map((e) => e.label.es));

describe("each platform's own n8n package", () => {
  it.each(PLATFORM_IDS)('%s: one service: its trigger and action node use only credentials the package defines', (p) => {
    const own = credentialsOfPackage(p).map((c) => c.name);
    expect(new Set(referenced(new (platformTrigger(p))()))).toEqual(new Set(own));
    expect(referenced(new (platformAction(p))()).every((name) => own.includes(name))).toBe(true);
    const classes = platformCredentialClasses(p);
    expect(manifestOf(p).n8n.credentials).toEqual(
      [classes.signing, classes.relay, ...(classes.chatwoot ? [classes.chatwoot] : [])].map((c) => `dist/credentials/${c}.credentials.js`),
    );
    expect(credentialsOfPackage(p).map((c) => c.name.replace(/^./, (ch) => ch.toUpperCase()))).toEqual([
      classes.signing,
      classes.relay,
      ...(classes.chatwoot ? [classes.chatwoot] : []),
    ]);
  });

  it('no two Hookline packages define the same credential type (n8n keys them by name across packages)', () => {
    const all = [
      new ChatwootApi().name,
      new HooklineRelayApi().name,
      ...PLATFORM_IDS.map((p) => new (createSigningCredential(p, sharedCredentialNames(p).signing))().name),
      ...PLATFORM_IDS.flatMap((p) => credentialsOfPackage(p).map((c) => c.name)),
    ];
    expect(new Set(all).size).toBe(all.length);
    for (const name of all) expect(name).toMatch(/Api$/);
  });

  it.each(PLATFORM_IDS)('%s: the action node is fixed to its platform; only Intertel Conversa manages Chatwoot webhooks', (p) => {
    const action = new (platformAction(p))();
    const platformParam = action.description.properties.find((prop) => prop.name === 'platform')!;
    expect(platformParam).toMatchObject({ type: 'hidden', default: p });
    const resources = (action.description.properties.find((prop) => prop.name === 'resource')!.options as { value: string }[]).map(
      (o) => o.value,
    );
    expect(resources).toEqual(getPlatform(p).subscription?.kind === 'chatwoot' ? ['delivery', 'chatwootWebhook'] : ['delivery']);
    expect(action.description.usableAsTool).toBe(true);
  });

  it('the action node verifies with its own signing credential', async () => {
    const delivery = sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 'cw' });
    const asked: string[] = [];
    const items: INodeExecutionData[] = [
      {
        json: { headers: Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k.toLowerCase(), v])) },
        binary: { data: { data: Buffer.from(delivery.body).toString('base64'), mimeType: 'application/json' } },
      },
    ];
    const params: Record<string, unknown> = { resource: 'delivery', operation: 'verify', platform: 'conversa', binaryProperty: 'data' };
    const ctx = {
      getInputData: () => items,
      getNodeParameter: (name: string) => params[name],
      getCredentials: async (name: string) => (asked.push(name), { secrets: 'cw' }),
      getNode: () => ({ name: 'Intertel Conversa' }),
      helpers: { getBinaryDataBuffer: async () => Buffer.from(delivery.body) },
    } as unknown as IExecuteFunctions;
    const [verified] = await new (platformAction('conversa'))().execute.call(ctx);
    expect(verified).toHaveLength(1);
    expect(asked).toEqual([platformCredentialNames('conversa').signing]);
  });

  it('the all-platforms package keeps its credential names, so existing workflows keep working', () => {
    expect(referenced(new (createTrigger('conversa'))())).toEqual(['intertelConversaSigningApi', 'chatwootApi', 'hooklineRelayApi']);
    expect(referenced(new Hookline())).toEqual([...PLATFORM_IDS.map((p) => sharedCredentialNames(p).signing), 'chatwootApi']);
  });

  it('shows English only in the editor: no Spanish catalog label in any node or credential description', () => {
    const descriptions = [
      new Hookline().description,
      ...PLATFORM_IDS.flatMap((p) => [
        new (createTrigger(p))().description,
        new (platformTrigger(p))().description,
        new (platformAction(p))().description,
      ]),
      ...PLATFORM_IDS.flatMap((p) => credentialsOfPackage(p)),
    ];
    const shown = JSON.stringify(descriptions);
    expect(SPANISH.length).toBeGreaterThan(50);
    for (const label of SPANISH) expect(shown).not.toContain(label);
  });

  it.each(PLATFORM_IDS)('%s: its manifest has no dependencies, n8n-workflow as the only peer, and lists its two nodes', (p) => {
    const m = manifestOf(p);
    expect(m).toMatchObject({
      name: platformPackageName(p),
      peerDependencies: { 'n8n-workflow': '*' },
      files: ['dist'],
      n8n: { n8nNodesApiVersion: 1 },
    });
    expect(m.dependencies).toBeUndefined();
    expect(m.n8n.nodes).toHaveLength(2);
  });
});
