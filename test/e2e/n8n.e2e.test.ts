import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORM_IDS, PLATFORMS, freshPayload, getPlatform, sign, type PlatformId } from '../../shared';
import { credentialName, triggerClassName, triggerNodeName } from '../../nodes/Hookline/names';
import { startRelay, type Relay } from '../../relay';
import { startChatwootDouble, type ChatwootDouble } from '../support/chatwoot-double';
import { createCredential as createCredentialIn, deployWorkflow, installedNodeFiles, startN8n, type DeployedWorkflow, type N8n } from './n8n-instance';

const secretFor = (p: PlatformId) => (p === 'standard' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : `e2e-${p}-secret`);
const samplesOf = (p: PlatformId) => (getPlatform(p).openEvents ? [getPlatform(p).anyEvent] : getPlatform(p).events.slice(0, 2));

type Deployed = DeployedWorkflow;

let n8n: N8n;

const createCredential = (type: string, data: Record<string, unknown>) => createCredentialIn(n8n, type, data);

async function deploy(platform: PlatformId, parameters: Record<string, unknown>, credentials: Record<string, string>): Promise<Deployed> {
  const webhookId = randomUUID();
  return deployWorkflow(
    n8n,
    {
      id: randomUUID(),
      type: `n8n-nodes-hookline.${triggerNodeName(platform)}`,
      typeVersion: 1,
      webhookId,
      parameters,
      credentials: Object.fromEntries(Object.entries(credentials).map(([type, id]) => [type, { id, name: type }])),
    },
    `${webhookId}/webhook`,
  );
}

async function eventually(check: () => boolean | Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 150; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function executions(workflowId: string): Promise<any[]> {
  const res = await n8n.api('GET', `/executions?workflowId=${workflowId}&includeData=true&limit=100`);
  return (res.json?.data ?? []) as any[];
}

/** Polls n8n until the workflow has `count` executions, then waits a little more to catch extras. */
async function settle(workflowId: string, count: number): Promise<any[]> {
  for (let i = 0; i < 150; i++) {
    const list = await executions(workflowId);
    if (list.length >= count && list.every((e) => e.finished || e.status === 'success' || e.status === 'error')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1000));
  return executions(workflowId);
}

const outputOf = (execution: any) => execution.data.resultData.runData['Trigger'][0].data.main[0][0].json;

async function post(url: string, delivery: { headers: Record<string, string>; body: string }) {
  const res = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  n8n = await startN8n();
}, 1_800_000);

afterAll(async () => {
  await n8n?.stop();
});

describe('Hookline nodes in a real n8n 2.x', () => {
  it('installs as a community package with every node', () => {
    expect(installedNodeFiles(n8n.userFolder).sort()).toEqual(expect.arrayContaining(['Hookline', 'IrisTrigger', 'IntertelConversaTrigger', 'ModyoTrigger', 'StandardWebhooksTrigger']));
  });

  it("ships a static output schema per trigger where n8n's own resolver looks for it", () => {
    const { resolveOutputSchemaPath } = require(join(n8n.n8nDir, 'node_modules', 'n8n-core', 'dist', 'nodes-loader', 'output-schema-resolver.js')) as {
      resolveOutputSchemaPath(ref: { nodeDir: string; version: number; versionFallback: boolean }): string | undefined;
    };
    for (const platform of PLATFORM_IDS) {
      const node = triggerClassName(platform);
      const file = resolveOutputSchemaPath({ nodeDir: join(n8n.userFolder, '.n8n/nodes/node_modules/n8n-nodes-hookline/dist/nodes', node), version: 1, versionFallback: true });
      expect(file && existsSync(file)).toBe(true);
      const schema = JSON.parse(readFileSync(file!, 'utf8'));
      expect(schema.properties.platform.const).toBe(platform);
      expect(Object.keys(schema.properties.data.properties).length).toBeGreaterThan(1);
    }
  });

  describe.each(PLATFORM_IDS)('%s trigger (platform sends here)', (platform) => {
    let wf: Deployed;
    beforeAll(async () => {
      const cred = await createCredential(credentialName(platform), { secrets: secretFor(platform), ...(getPlatform(platform).signature.kind === 'shared-token' ? { tokenHeader: 'X-Hookline-Token' } : {}) });
      wf = await deploy(platform, { mode: 'direct', events: ['*'], options: { ignoreDuplicates: true } }, { [credentialName(platform)]: cred });
    });

    it('runs exactly one execution per signed delivery, carrying the typed event; rejects bad input without executing', async () => {
      const sent: string[] = [];
      for (const [i, event] of samplesOf(platform).entries()) {
        const res = await post(wf.url, sign(platform, freshPayload(platform, event.sample, i), { secret: secretFor(platform) }));
        expect(res.status).toBe(200);
        sent.push(event.type);
      }
      const forged = await post(wf.url, sign(platform, samplesOf(platform)[0]!.sample, { secret: platform === 'standard' ? 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY' : 'forged-secret' }));
      expect(forged.status).toBe(401);
      expect(JSON.parse(forged.text)).toMatchObject({ error: { code: expect.stringMatching(/invalid_signature|missing_signature/) } });
      expect(forged.text).not.toContain(secretFor(platform));
      // n8n parses application/json bodies itself and answers malformed ones with 422 before any node runs;
      // a body that reaches the node (here text/plain) gets Hookline's typed 400 invalid_json.
      const malformed = sign(platform, '{"not json', { secret: secretFor(platform) });
      expect((await post(wf.url, malformed)).status).toBe(422);
      const asText = await post(wf.url, { ...malformed, headers: { ...malformed.headers, 'Content-Type': 'text/plain' } });
      expect(asText.status).toBe(400);
      expect(JSON.parse(asText.text)).toMatchObject({ error: { code: 'invalid_json' } });

      const list = await settle(wf.id, sent.length);
      expect(list).toHaveLength(sent.length);
      const outputs = list.map(outputOf);
      for (const out of outputs) expect(out).toMatchObject({ platform, verified: true, deliveryId: expect.any(String), occurredAt: expect.any(String), data: expect.any(Object) });
      if (!getPlatform(platform).openEvents) expect(outputs.map((o) => o.type).sort()).toEqual([...sent].sort());
    });
  });

  it('stale, wrong-event, unknown-event and duplicate deliveries: the right status and no extra execution', async () => {
    const cred = await createCredential(credentialName('inboundflow'), { secrets: secretFor('inboundflow') });
    const wf = await deploy('inboundflow', { mode: 'direct', events: ['call.completed'], options: { ignoreDuplicates: true } }, { [credentialName('inboundflow')]: cred });
    const secret = secretFor('inboundflow');
    const call = PLATFORMS.inboundflow.events[0].sample;
    const stale = sign('inboundflow', freshPayload('inboundflow', call, 1), { secret, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(wf.url, stale)).status).toBe(401);
    expect((await post(wf.url, sign('inboundflow', freshPayload('inboundflow', PLATFORMS.inboundflow.events[3].sample, 2), { secret }))).status).toBe(200); // lead.created: not selected
    expect((await post(wf.url, sign('inboundflow', { ...call, event: 'call.unknown' }, { secret }))).status).toBe(422);
    const once = sign('inboundflow', freshPayload('inboundflow', call, 3), { secret });
    expect((await post(wf.url, once)).status).toBe(200);
    expect((await post(wf.url, once)).status).toBe(200);
    const list = await settle(wf.id, 1);
    expect(list).toHaveLength(1);
    expect(outputOf(list[0])).toMatchObject({ type: 'call.completed' });
  });

  describe('Intertel Conversa registers itself through the Chatwoot API', () => {
    let chatwoot: ChatwootDouble;
    beforeAll(async () => {
      chatwoot = await startChatwootDouble({ accountId: 3 });
    });
    afterAll(async () => chatwoot?.close());

    it('activation creates the webhook, its secret verifies deliveries, deactivation deletes it', async () => {
      const cred = await createCredential('chatwootApi', { baseUrl: chatwoot.url, accountId: '3', apiAccessToken: chatwoot.token });
      const wf = await deploy('conversa', { mode: 'chatwootApi', events: ['message_created', 'conversation_status_changed'] }, { chatwootApi: cred });
      expect(await eventually(() => chatwoot.webhooks.size === 1)).toBe(true);
      const hooks = [...chatwoot.webhooks.values()];
      expect(hooks[0]).toMatchObject({ url: wf.url, subscriptions: ['message_created', 'conversation_status_changed'] });

      const results = await chatwoot.deliver({ ...PLATFORMS.conversa.events[3].sample, event: 'message_created' });
      expect(results).toEqual([{ url: wf.url, status: 200 }]);
      const forged = sign('conversa', PLATFORMS.conversa.events[3].sample, { secret: 'not-the-issued-secret' });
      expect((await post(wf.url, forged)).status).toBe(401);
      const list = await settle(wf.id, 1);
      expect(list).toHaveLength(1);
      expect(outputOf(list[0])).toMatchObject({ platform: 'conversa', type: 'message_created', verified: true });

      expect((await n8n.api('POST', `/workflows/${wf.id}/deactivate`)).status).toBe(200);
      expect(await eventually(() => chatwoot.webhooks.size === 0)).toBe(true);
      expect(chatwoot.requests.map((r) => r.method)).toEqual(expect.arrayContaining(['POST', 'DELETE']));
    });
  });

  describe('via Hookline relay', () => {
    let relay: Relay;
    beforeAll(async () => {
      relay = await startRelay({ port: 0, apiKey: 'relay-e2e-key', db: ':memory:', sources: [{ id: 'hx', platform: 'horneross', secrets: ['hx-secret'] }], fanout: { pollMs: 50 }, allowPrivateDestinations: true }); // n8n listens on loopback
    });
    afterAll(async () => relay?.close());

    it('activation subscribes, relayed deliveries run the workflow, deactivation unsubscribes', async () => {
      const cred = await createCredential('hooklineRelayApi', { url: relay.url, apiKey: 'relay-e2e-key' });
      const wf = await deploy('horneross', { mode: 'relay', events: ['lead.captured'] }, { hooklineRelayApi: cred });
      expect(await eventually(async () => (await relay.store.hooks.list()).some((h) => h.url === wf.url))).toBe(true);
      const hooks = (await relay.store.hooks.list()).filter((h) => h.url === wf.url);
      expect(hooks).toHaveLength(1);
      expect(hooks[0]).toMatchObject({ platform: 'horneross', events: ['lead.captured'] });

      const ingest = await post(`${relay.url}/in/hx`, sign('horneross', PLATFORMS.horneross.events[3].sample, { secret: 'hx-secret' }));
      expect(ingest.status).toBe(202);
      const list = await settle(wf.id, 1);
      expect(list).toHaveLength(1);
      expect(outputOf(list[0])).toMatchObject({ platform: 'horneross', type: 'lead.captured', verified: true, viaRelay: { source: 'hx' } });

      expect((await n8n.api('POST', `/workflows/${wf.id}/deactivate`)).status).toBe(200);
      expect(await eventually(async () => (await relay.store.hooks.list()).filter((h) => h.url === wf.url).length === 0)).toBe(true);
    });
  });
});
