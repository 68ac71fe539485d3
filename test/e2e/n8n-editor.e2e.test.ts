/**
 * The Hookline nodes in n8n's own editor, in headless Chromium against a real n8n 2.41: what a user
 * sees when opening each trigger (the connection mode and its descriptions, Title Case event names,
 * Modyo's contexts, Chatwoot's senders, its own icon in light and dark), the action node (no Custom API
 * Call, catalog event pickers), and a rejected delivery while "Listen for test event" runs. Each trigger is
 * opened twice: from n8n-nodes-hookline (every platform) and from the platform's own package
 * (n8n-nodes-hookline-<platform>), both installed from their tarballs. Screenshots go to build/screenshots/.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { titleCase } from 'title-case';
import { getPlatform, PLATFORM_IDS, type PlatformId } from '../../shared';
import { credentialName, n8nName, triggerClassName, triggerNodeName } from '../../nodes/Hookline/names';
import { platformTrigger } from '../../nodes/Hookline/platform-package';
import { createTrigger } from '../../nodes/Hookline/trigger';
import { platformPackageName } from '../../scripts/packages/manifests';
import { testCommand } from '../../nodes/Hookline/trigger-description';
import { launchBrowser, screenshot } from './browser';
import { createCredential, startN8n, type N8n } from './n8n-instance';

const ROOT = join(__dirname, '../..');
/** Where a node comes from: n8n-nodes-hookline (every platform) or the platform's own package. */
type Source = 'all' | 'own';
const SOURCES: readonly Source[] = ['all', 'own'];
const packageOf = (p: PlatformId, source: Source) => (source === 'all' ? 'n8n-nodes-hookline' : platformPackageName(p));
const nodeName = (p: PlatformId, source: Source = 'all') => `${getPlatform(p).name}${source === 'all' ? '' : ' Package'} Trigger`;
const description = (p: PlatformId, source: Source = 'all') => new (source === 'all' ? createTrigger(p) : platformTrigger(p))().description;
const shot = (name: string, source: Source) => (source === 'all' ? name : `own-package-${name}`);
const MODYO_ACTION = 'Modyo Package Action';

let n8n: N8n;
let browser: BrowserContext;
let page: Page;
let workflowId: string;
const horneross = { webhookId: randomUUID(), secret: 'editor-e2e-horneross-secret' };

/** The visible options of the open dropdown: [name, description]. */
async function dropdown(): Promise<[string, string][]> {
  const items = page.locator('.el-select-dropdown__item:visible');
  await items.first().waitFor();
  return (await items.allInnerTexts()).map((t) => {
    const [name = '', ...rest] = t.split('\n');
    return [name.trim(), rest.join(' ').trim()];
  });
}

const input = (parameter: string) => page.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${parameter}"]`).first();

async function openDropdown(parameter: string): Promise<[string, string][]> {
  await input(parameter).click();
  return dropdown();
}

async function closeDropdown(): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
}

async function pick(parameter: string, option: string): Promise<void> {
  await input(parameter).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
  await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
}

async function setSwitch(parameter: string, on: boolean): Promise<void> {
  const toggle = input(parameter).locator('.el-switch');
  if (((await toggle.getAttribute('class'))?.includes('is-checked') ?? false) !== on) await toggle.click();
}

async function openNode(name: string): Promise<void> {
  await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
  await page.locator('[data-test-id="ndv"]').waitFor();
  await page.locator('[data-test-id="ndv"] [data-test-id="parameter-item"]').first().waitFor();
}

async function closeNode(): Promise<void> {
  await page.locator('[data-test-id="ndv-close-button"]').click();
  await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
}

async function openWorkflow(theme: 'light' | 'dark' = 'light'): Promise<void> {
  await page.goto(`${n8n.url}/home/workflows`);
  await page.evaluate((t) => localStorage.setItem('N8N_THEME', t), theme);
  await page.goto(`${n8n.url}/workflow/${workflowId}`);
  await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 90_000 });
}

beforeAll(async () => {
  n8n = await startN8n({ packages: ['n8n-nodes-hookline', ...PLATFORM_IDS.map(platformPackageName)] });
  const cred = await createCredential(n8n, credentialName('horneross'), { secrets: horneross.secret });
  const nodes = [
    ...PLATFORM_IDS.map((p, i) => ({
      id: randomUUID(),
      name: nodeName(p),
      type: `n8n-nodes-hookline.${triggerNodeName(p)}`,
      typeVersion: 2,
      webhookId: p === 'horneross' ? horneross.webhookId : randomUUID(),
      position: [(i % 4) * 320, Math.floor(i / 4) * 260],
      parameters: {},
      ...(p === 'horneross' ? { credentials: { [credentialName('horneross')]: { id: cred, name: 'Horneross' } } } : {}),
    })),
    ...PLATFORM_IDS.map((p, i) => ({
      id: randomUUID(),
      name: nodeName(p, 'own'),
      type: `${platformPackageName(p)}.${n8nName(p)}Trigger`,
      typeVersion: 2,
      webhookId: randomUUID(),
      position: [(i % 4) * 320, 520 + Math.floor(i / 4) * 260],
      parameters: {},
    })),
    { id: randomUUID(), name: 'Hookline', type: 'n8n-nodes-hookline.hookline', typeVersion: 1, position: [640, 260], parameters: {} },
    {
      id: randomUUID(),
      name: MODYO_ACTION,
      type: `${platformPackageName('modyo')}.${n8nName('modyo')}`,
      typeVersion: 1,
      position: [960, 260],
      parameters: {},
    },
  ];
  const created = await n8n.api('POST', '/workflows', { name: 'Hookline in the editor', nodes, connections: {}, settings: {} });
  if (created.status !== 200) throw new Error(`workflow: ${created.status} ${JSON.stringify(created.json)}`);
  workflowId = created.json.id as string;
  browser = await launchBrowser();
  const [name, value] = n8n.cookie.split(/=(.*)/s) as [string, string];
  await browser.addCookies([{ name, value, url: n8n.url }]);
  page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await openWorkflow();
}, 1_800_000);

afterEach(async () => {
  // A failed test leaves its panel open; the next one needs the canvas.
  if (await page.locator('[data-test-id="ndv"]').isVisible()) {
    await page.keyboard.press('Escape');
    await page
      .locator('[data-test-id="ndv-close-button"]')
      .click({ timeout: 5_000 })
      .catch(() => undefined);
  }
});

afterAll(async () => {
  await browser?.close();
  await n8n?.stop();
});

describe("the Hookline nodes in n8n 2.41's editor (headless Chromium)", () => {
  it('every trigger shows its own icon on the canvas, in the light and the dark theme', async () => {
    for (const theme of ['light', 'dark'] as const) {
      if (theme === 'dark') await openWorkflow('dark');
      await screenshot(page, `canvas-${theme}`);
      for (const source of SOURCES) {
        const icons = new Map<PlatformId, string>();
        for (const p of PLATFORM_IDS) {
          const src = await page
            .locator(`[data-test-id="canvas-node"][data-node-name="${nodeName(p, source)}"] img`)
            .first()
            .getAttribute('src');
          expect(src).toBe(`/icons/${packageOf(p, source)}/dist/nodes/${triggerClassName(p)}/${p}${theme === 'dark' ? '.dark' : ''}.svg`);
          icons.set(p, src!);
        }
        expect(new Set(icons.values()).size).toBe(PLATFORM_IDS.length);
        // n8n serves the drawn SVG itself, from each installed package.
        const served = await page.evaluate(async (src) => (await fetch(src)).text(), icons.get('iris')!);
        expect(served).toBe(readFileSync(join(ROOT, 'nodes/IrisTrigger', theme === 'dark' ? 'iris.dark.svg' : 'iris.svg'), 'utf8'));
      }
    }
    await openWorkflow('light');
  });

  it.each(SOURCES.flatMap((source) => PLATFORM_IDS.map((platform) => [platform, source] as const)))(
    '%s (%s package): the Connection selector is in the panel with its descriptions, and the event picker reads in Title Case',
    async (platform, source) => {
      const d = description(platform, source);
      await openNode(nodeName(platform, source));
      await screenshot(page, shot(`${platform}-panel`, source));
      const modes = d.properties.find((p) => p.name === 'mode')!.options as { name: string; description: string }[];
      expect(modes.length).toBeGreaterThanOrEqual(2);
      expect(await openDropdown('mode')).toEqual(modes.map((m) => [m.name, m.description]));
      await screenshot(page, shot(`${platform}-connection`, source));
      await closeDropdown();
      if (getPlatform(platform).openEvents) {
        expect(await input('events').locator('input, textarea').first().getAttribute('placeholder')).toBe('invoice.paid, invoice.*');
      } else {
        await setSwitch('allEvents', false);
        const events = await openDropdown('events');
        // The list shown first: every event, or for Chatwoot the account webhook's.
        expect(events.map(([n]) => n)).toEqual(
          (d.properties.find((p) => p.name === 'events')!.options as { name: string }[]).map((o) => o.name),
        );
        for (const [name, text] of events) {
          expect(name).toBe(titleCase(name));
          expect(name).not.toMatch(/[()]/);
          expect(text).toMatch(/^[A-Z].*\.$/);
        }
        await screenshot(page, shot(`${platform}-events`, source));
        await closeDropdown();
      }
      await closeNode();
    },
  );

  it.each(SOURCES)(
    "Modyo (%s package): the Context parameter narrows the picker to that context's events, alphabetical",
    async (source) => {
      await openNode(nodeName('modyo', source));
      expect((await openDropdown('group')).map(([n]) => n)).toEqual(['All Contexts', 'App', 'Space', 'Realm Admin', 'Realm']);
      await closeDropdown();
      await pick('group', 'Space');
      await setSwitch('allEvents', false);
      const events = (await openDropdown('events')).map(([n]) => n);
      const space = getPlatform('modyo').events.filter((e) => e.group === 'Space');
      expect(events).toHaveLength(space.length);
      expect(events).toEqual([...events].sort((a, b) => a.localeCompare(b, 'en')));
      expect(events.slice(0, 3)).toEqual(['Asset Created', 'Asset Updated', 'Category Created']);
      await screenshot(page, shot('modyo-events-picker', source));
      await closeDropdown();
      await closeNode();
    },
  );

  it.each(SOURCES)(
    "Intertel Conversa (%s package): the sender is a choice; an automation rule's panel shows its steps and needs no credential",
    async (source) => {
      await openNode(nodeName('conversa', source));
      expect((await openDropdown('sender')).map(([n]) => n)).toEqual([
        'Account Webhook',
        'Agent Bot',
        'API Channel Inbox',
        'Automation Rule',
        'Macro',
      ]);
      await closeDropdown();
      await pick('sender', 'Automation Rule');
      const ndv = page.locator('[data-test-id="ndv"]');
      await expect(ndv.getByText(/Settings → Automation .*random ID in it that cannot be guessed/)).toBeVisibleSoon();
      await expect(ndv.getByText(/SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true/)).toBeVisibleSoon();
      expect(await ndv.locator('[data-test-id="node-credentials-select"], [data-test-id="credentials-label"]').count()).toBe(0);
      await screenshot(page, shot('conversa-automation-rule', source));
      await pick('sender', 'Agent Bot');
      await pick('mode', "Register Automatically Through Chatwoot's API");
      await expect(ndv.getByText('Agent Bot Name or ID')).toBeVisibleSoon();
      await screenshot(page, shot('conversa-agent-bot', source));
      await closeNode();
    },
  );

  it('the Hookline node: Resource and Platform in the panel, no Custom API Call, Send Test picks catalog events', async () => {
    await openNode('Hookline');
    const resources = (await openDropdown('resource')).map(([n]) => n);
    expect(resources).toEqual(['Delivery', 'Chatwoot Webhook']);
    await closeDropdown();
    expect((await openDropdown('operation')).map(([n]) => n)).toEqual(['Send Test', 'Verify']);
    await closeDropdown();
    await pick('operation', 'Send Test');
    await pick('platform', 'Modyo');
    const events = (await openDropdown('eventType')).map(([n]) => n);
    expect(events).toHaveLength(getPlatform('modyo').events.length);
    for (const name of events) expect(name).toBe(titleCase(name));
    await closeDropdown();
    await screenshot(page, 'hookline-send-test');
    await pick('resource', 'Chatwoot Webhook');
    expect((await openDropdown('operation')).map(([n]) => n)).toEqual(['Create', 'Delete', 'Get Many']);
    await closeDropdown();
    await closeNode();
  });

  it("the Modyo package's action node: Delivery only, no Platform choice, no Custom API Call, Send Test picks Modyo's events", async () => {
    await openNode(MODYO_ACTION);
    expect((await openDropdown('resource')).map(([n]) => n)).toEqual(['Delivery']);
    await closeDropdown();
    expect(await input('platform').count()).toBe(0);
    expect((await openDropdown('operation')).map(([n]) => n)).toEqual(['Send Test', 'Verify']);
    await closeDropdown();
    await pick('operation', 'Send Test');
    const events = (await openDropdown('eventType')).map(([n]) => n);
    expect(events).toHaveLength(getPlatform('modyo').events.length);
    for (const name of events) expect(name).toBe(titleCase(name));
    await closeDropdown();
    await screenshot(page, 'own-package-modyo-send-test');
    await closeNode();
  });

  it('while "Listen for test event" runs, a rejected delivery is logged as a warning, and the notice\'s hookline send command gets through', async () => {
    await openNode(nodeName('horneross'));
    await setSwitch('allEvents', true); // an earlier test left it off, with no event picked
    await page.locator('[data-test-id="ndv"] [data-test-id="node-execute-button"]').click();
    const testUrl = `${n8n.url}/webhook-test/${horneross.webhookId}/webhook`;
    // n8n registers the test webhook once the editor asks; wait for it to answer.
    let forged: Response | undefined;
    for (let i = 0; i < 100; i++) {
      forged = await fetch(testUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Horneross-Signature': '00' },
        body: '{"type":"lead.captured"}',
      });
      if (forged.status !== 404) break;
      await forged.arrayBuffer();
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(forged!.status).toBe(401);
    expect(await forged!.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    expect(n8n.log()).toMatch(/Horneross Trigger rejected a delivery: 401 invalid_signature/);

    // The notice's command, as printed, with the test URL and the secret filled in.
    const command = testCommand('horneross', 'direct').replace('<Test URL>', testUrl).replace('<signing secret>', horneross.secret);
    const notice = page.locator('[data-test-id="ndv"]').getByText(/npx hookline send horneross/);
    expect(await notice.innerText()).toContain(testCommand('horneross', 'direct'));
    const [, , ...args] = command.split(' ');
    await promisify(execFile)('npx', ['tsx', join(ROOT, 'cli/index.ts'), ...args], { cwd: ROOT });
    await page
      .locator('[data-test-id="ndv"] [data-test-id="ndv-data-container"]')
      .getByText('conv_abc123')
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(page, 'horneross-test-event');
    await closeNode();
  });
});

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toBeVisibleSoon(): Promise<R>;
    }
  }
}

expect.extend({
  async toBeVisibleSoon(locator: import('playwright-core').Locator) {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
      return { pass: true, message: () => 'visible' };
    } catch {
      return { pass: false, message: () => `${String(locator)} did not become visible` };
    }
  },
});
