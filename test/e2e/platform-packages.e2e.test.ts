import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { PLATFORM_IDS, PLATFORMS, freshPayload, getPlatform, listPlatforms, sign, type PlatformId } from '../../shared';
import { n8nName, platformCredentialNames } from '../../nodes/Hookline/names';
import { platformPackageName } from '../../scripts/packages/manifests';
import { startRelay, type Relay } from '../../relay';
import { startChatwootDouble, type ChatwootDouble } from '../support/chatwoot-double';
import {
  createCredential as createCredentialIn,
  deployWorkflow,
  installedNodeFiles,
  registered,
  startN8n,
  type DeployedWorkflow,
  type N8n,
  executionsOf,
  settledExecutions,
} from './n8n-instance';

/** Each platform's own package (n8n-nodes-hookline-<platform>), all installed in one real n8n, beside the all-platforms one. */
const PACKAGES = PLATFORM_IDS.map(platformPackageName);
const secretFor = (p: PlatformId) => (p === 'standard' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : `pkg-${p}-secret`);
const forgedSecretFor = (p: PlatformId) => (p === 'standard' ? 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY' : 'forged-secret');
const sampleOf = (p: PlatformId) => (getPlatform(p).openEvents ? getPlatform(p).anyEvent : getPlatform(p).events[0]!);
const triggerType = (p: PlatformId) => `${platformPackageName(p)}.${n8nName(p)}Trigger`;
const actionType = (p: PlatformId) => `${platformPackageName(p)}.${n8nName(p)}`;

let n8n: N8n;
const createCredential = (type: string, data: Record<string, unknown>) => createCredentialIn(n8n, type, data);
const signingData = (p: PlatformId) => ({
  secrets: secretFor(p),
  ...(getPlatform(p).signature.kind === 'shared-token' ? { tokenHeader: 'X-Hookline-Token' } : {}),
});
const credentialRef = (entries: Record<string, string>) =>
  Object.fromEntries(Object.entries(entries).map(([type, id]) => [type, { id, name: type }]));

async function deployTrigger(
  platform: PlatformId,
  parameters: Record<string, unknown>,
  credentials: Record<string, string>,
): Promise<DeployedWorkflow> {
  const webhookId = randomUUID();
  return deployWorkflow(
    n8n,
    { id: randomUUID(), type: triggerType(platform), typeVersion: 2, webhookId, parameters, credentials: credentialRef(credentials) },
    `${webhookId}/webhook`,
  );
}

const executions = (workflowId: string) => executionsOf(n8n, workflowId);
const settle = (workflowId: string, count: number) => settledExecutions(n8n, workflowId, count);

async function eventually(check: () => boolean | Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 150; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

const outputOf = (execution: any, node = 'Trigger', output = 0) => execution.data.resultData.runData[node][0].data.main[output];

async function post(url: string, delivery: { headers: Record<string, string>; body: string }) {
  const res = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  n8n = await startN8n({ packages: [...PACKAGES, 'n8n-nodes-hookline'] });
}, 1_800_000);

afterAll(async () => {
  await n8n?.stop();
});

describe("each platform's own n8n package, installed as n8n installs community packages", () => {
  it('installs with nothing of its own in node_modules: zod and n8n-workflow are resolved from n8n itself', () => {
    // n8n puts its own module.paths on NODE_PATH before loading community nodes (load-nodes-and-credentials.js, init()).
    const n8nPaths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
      join(n8n.n8nDir, 'node_modules', 'n8n', 'dist'),
    );
    const n8nZod = JSON.parse(readFileSync(join(n8n.n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8')).dependencies.zod as string;
    for (const name of PACKAGES) {
      const dir = join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', name);
      expect(existsSync(join(dir, 'node_modules'))).toBe(false);
      expect(() => require.resolve('zod/v4', { paths: [dir] })).toThrow();
      const resolved = require.resolve('zod/v4', { paths: n8nPaths });
      expect(resolved.startsWith(join(n8n.n8nDir, 'node_modules'))).toBe(true);
      expect(JSON.parse(readFileSync(join(resolved.split('/zod/')[0]!, 'zod', 'package.json'), 'utf8')).version).toBe(n8nZod);
      expect(readFileSync(join(dir, 'dist', 'shared', 'index.js'), 'utf8')).toContain('require("zod/v4")');
    }
    expect(n8n.log()).not.toMatch(/Failed to load package|Cannot find module/);
  });

  it('n8n loads exactly one service per package: its trigger, its action node, its own credentials, in English', async () => {
    const nodes = (await n8n.types('nodes.json')).filter((n) => PACKAGES.some((p) => String(n.name).startsWith(`${p}.`)));
    const credentials = (await n8n.types('credentials.json')).filter((c) =>
      PLATFORM_IDS.some((p) => Object.values(platformCredentialNames(p)).includes(c.name)),
    );
    // n8n adds a "Tool" variant of every node marked usableAsTool (the action nodes) for its AI agents.
    expect(nodes.map((n) => n.name).sort()).toEqual(
      PLATFORM_IDS.flatMap((p) => [triggerType(p), actionType(p), `${actionType(p)}Tool`]).sort(),
    );
    const expectedCredentials = PLATFORM_IDS.flatMap((p) => [
      platformCredentialNames(p).signing,
      platformCredentialNames(p).relay,
      ...(getPlatform(p).subscription?.kind === 'chatwoot' ? [platformCredentialNames(p).chatwoot] : []),
    ]);
    expect(credentials.map((c) => c.name).sort()).toEqual(expectedCredentials.sort());
    // Installed beside n8n-nodes-hookline, no credential type is defined twice (n8n keys them by name across packages).
    const allCredentials = (await n8n.types('credentials.json')).map((c) => c.name as string);
    expect(allCredentials).toEqual(expect.arrayContaining(['hooklineRelayApi', 'chatwootApi', ...expectedCredentials]));
    expect(new Set(allCredentials).size).toBe(allCredentials.length);
    for (const p of PLATFORM_IDS)
      expect(installedNodeFiles(n8n.userFolder, platformPackageName(p)).sort()).toEqual(
        [n8nName(p).replace(/^./, (c) => c.toUpperCase()), `${n8nName(p).replace(/^./, (c) => c.toUpperCase())}Trigger`].sort(),
      );
    // English only: none of the catalog's Spanish labels, no Spanish letters, in anything the editor shows.
    const spanish = listPlatforms().flatMap((s) => s.events.filter((e) => e.label.es !== e.label.en).map((e) => e.label.es));
    const shown = JSON.stringify([nodes, credentials]);
    for (const label of spanish) expect(shown).not.toContain(label);
    expect(shown).not.toMatch(/[áéíóúñ¿¡]/i);
  });

  describe.each(PLATFORM_IDS)('%s package', (platform) => {
    it('its trigger runs the workflow on a signed delivery; a forged one gets 401 and no execution', async () => {
      const cred = await createCredential(platformCredentialNames(platform).signing, signingData(platform));
      const wf = await deployTrigger(
        platform,
        { mode: 'direct', events: ['*'], options: {} },
        { [platformCredentialNames(platform).signing]: cred },
      );
      const event = sampleOf(platform);
      expect((await post(wf.url, sign(platform, freshPayload(platform, event.sample, 1), { secret: secretFor(platform) }))).status).toBe(
        200,
      );
      const forged = await post(wf.url, sign(platform, freshPayload(platform, event.sample, 2), { secret: forgedSecretFor(platform) }));
      expect(forged.status).toBe(401);
      expect(JSON.parse(forged.text)).toMatchObject({ error: { code: expect.stringMatching(/invalid_signature|missing_signature/) } });
      const list = await settle(wf.id, 1);
      expect(list).toHaveLength(1);
      expect(outputOf(list[0])[0].json).toMatchObject({
        platform,
        verified: true,
        deliveryId: expect.any(String),
        data: expect.any(Object),
        ...(getPlatform(platform).openEvents ? {} : { type: event.type }),
      });
    });

    it("its action node verifies the raw body of n8n's Webhook node: verified to output 1, forged to output 2", async () => {
      const cred = await createCredential(platformCredentialNames(platform).signing, signingData(platform));
      const path = randomUUID();
      const body = {
        name: `${actionType(platform)} ${path.slice(0, 6)}`,
        nodes: [
          {
            id: randomUUID(),
            name: 'Webhook',
            type: 'n8n-nodes-base.webhook',
            typeVersion: 2,
            position: [0, 0],
            webhookId: path,
            parameters: { httpMethod: 'POST', path, options: { rawBody: true } },
          },
          {
            id: randomUUID(),
            name: 'Verify',
            type: actionType(platform),
            typeVersion: 1,
            position: [300, 0],
            parameters: { resource: 'delivery', operation: 'verify', binaryProperty: 'data' },
            credentials: credentialRef({ [platformCredentialNames(platform).signing]: cred }),
          },
        ],
        connections: { Webhook: { main: [[{ node: 'Verify', type: 'main', index: 0 }]] } },
        settings: { saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
      };
      const created = await n8n.api('POST', '/workflows', body);
      expect(created.status).toBe(200);
      expect((await n8n.api('POST', `/workflows/${created.json.id}/activate`)).status).toBe(200);
      const url = `${n8n.url}/webhook/${path}`;
      const good = sign(platform, freshPayload(platform, sampleOf(platform).sample, 3), { secret: secretFor(platform) });
      expect(await eventually(async () => (await post(url, good)).status === 200)).toBe(true);
      expect(
        (await post(url, sign(platform, freshPayload(platform, sampleOf(platform).sample, 4), { secret: forgedSecretFor(platform) })))
          .status,
      ).toBe(200);
      const list = await settle(created.json.id, 2);
      const outputs = list.map((e) => ({ verified: outputOf(e, 'Verify', 0) ?? [], failed: outputOf(e, 'Verify', 1) ?? [] }));
      expect(
        outputs.some((o) => o.verified.length === 1 && o.verified[0].json.platform === platform && o.verified[0].json.verified === true),
      ).toBe(true);
      expect(outputs.some((o) => o.failed.length === 1 && /invalid_signature|missing_signature/.test(o.failed[0].json.code))).toBe(true);
    });
  });

  it("the schema check runs inside n8n (zod from n8n's copy): a payload failing it gets 422 when strict, or passes on with the issue's path", async () => {
    const cred = await createCredential(platformCredentialNames('horneross').signing, signingData('horneross'));
    const credentials = { [platformCredentialNames('horneross').signing]: cred };
    const invalid = () =>
      sign('horneross', { type: 'lead.captured', id: randomUUID(), data: { contact: {} } }, { secret: secretFor('horneross') });
    const rejecting = await deployTrigger('horneross', { mode: 'direct', options: { strict: true } }, credentials);
    const res = await post(rejecting.url, invalid());
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'invalid_payload' } });
    // Verified deliveries pass on with their issues by default (authentic ⇒ accepted).
    const passing = await deployTrigger('horneross', { mode: 'direct', options: {} }, credentials);
    expect((await post(passing.url, invalid())).status).toBe(200);
    const [execution] = await settle(passing.id, 1);
    expect(outputOf(execution)[0].json).toMatchObject({
      type: 'lead.captured',
      issues: [expect.objectContaining({ path: 'data.conversationId' })],
    });
    expect(await executions(rejecting.id)).toHaveLength(0);
  });

  describe('via Hookline relay, with the package its own relay credential', () => {
    let relay: Relay;
    beforeAll(async () => {
      relay = await startRelay({
        port: 0,
        apiKey: 'pkg-relay-key',
        db: ':memory:',
        sources: [{ id: 'hx', platform: 'horneross', secrets: ['hx-secret'] }],
        fanout: { pollMs: 50 },
        allowPrivateDestinations: true,
      }); // n8n listens on loopback
    });
    afterAll(async () => relay?.close());

    it('with a subscriber key: activation subscribes, a relayed delivery runs the workflow, deactivation unsubscribes', async () => {
      // What a relay's operator hands an n8n user: a key scoped to their source, not the admin key.
      const made = await fetch(`${relay.url}/keys`, {
        method: 'POST',
        headers: { Authorization: 'Bearer pkg-relay-key', 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'n8n user', scope: { sources: ['hx'] } }),
      });
      expect(made.status).toBe(201);
      const key = (await made.json()) as { id: string; key: string };
      const type = platformCredentialNames('horneross').relay;
      const cred = await createCredential(type, { url: relay.url, apiKey: key.key });
      const wf = await deployTrigger('horneross', { mode: 'relay', allEvents: false, events: ['lead.captured'] }, { [type]: cred });
      expect(await eventually(async () => (await relay.store.hooks.list()).some((h) => h.url === wf.url))).toBe(true);
      expect((await relay.store.hooks.list()).filter((h) => h.url === wf.url).map((h) => h.owner)).toEqual([key.id]);
      expect(
        (await post(`${relay.url}/in/hx`, sign('horneross', PLATFORMS.horneross.events[3].sample, { secret: 'hx-secret' }))).status,
      ).toBe(202);
      const list = await settle(wf.id, 1);
      expect(list).toHaveLength(1);
      expect(outputOf(list[0])[0].json).toMatchObject({
        platform: 'horneross',
        type: 'lead.captured',
        verified: true,
        viaRelay: { source: 'hx' },
      });
      expect((await n8n.api('POST', `/workflows/${wf.id}/deactivate`)).status).toBe(200);
      expect(await eventually(async () => !(await relay.store.hooks.list()).some((h) => h.url === wf.url))).toBe(true);
    });
  });

  describe('conversa package registers itself through the Chatwoot API, with its own Chatwoot credential', () => {
    let chatwoot: ChatwootDouble;
    beforeAll(async () => {
      chatwoot = await startChatwootDouble({ accountId: 5 });
    });
    afterAll(async () => chatwoot?.close());

    it('activation creates the webhook, its secret verifies deliveries, deactivation deletes it', async () => {
      const type = platformCredentialNames('conversa').chatwoot;
      const cred = await createCredential(type, { baseUrl: chatwoot.url, accountId: '5', apiAccessToken: chatwoot.token });
      const wf = await deployTrigger('conversa', { mode: 'chatwootApi', allEvents: false, events: ['message_created'] }, { [type]: cred });
      expect(await eventually(() => chatwoot.webhooks.size === 1)).toBe(true);
      await registered(n8n, wf.id);
      expect(await chatwoot.deliver({ ...PLATFORMS.conversa.events[3].sample, event: 'message_created' })).toEqual([
        { url: wf.url, status: 200 },
      ]);
      const list = await settle(wf.id, 1);
      expect(list).toHaveLength(1);
      expect(outputOf(list[0])[0].json).toMatchObject({ platform: 'conversa', type: 'message_created', verified: true });
      expect((await n8n.api('POST', `/workflows/${wf.id}/deactivate`)).status).toBe(200);
      expect(await eventually(() => chatwoot.webhooks.size === 0)).toBe(true);
    });
  });
});
