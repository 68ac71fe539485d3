import { Webhook } from 'standardwebhooks';
import type { Page } from 'playwright-core';
import { PLATFORMS, freshPayload, sign } from '../../shared';
import type { Relay } from '../../relay';
import { API_KEY, api, post, relay, startSubscriber, until, type Subscriber } from '../relay/support';
import { launchBrowser, type Browser } from './browser';
import { builtConsole, screenshot } from './support';

/**
 * The console in a real headless Chromium (Debian's), against a real relay on loopback with a real
 * subscriber: sign in, create a source and a hook, send a test delivery, watch events arrive live,
 * open one (a payload carrying <script> and <img onerror> shows as text), see the failed attempts of
 * a subscriber answering 500, retry after it recovers, replay, bulk-retry, rotate the hook secret,
 * read the rejections, switch to Spanish, use it at 375 px and by keyboard, log out.
 */

jest.setTimeout(180_000);

const SECRET = 'horneross-console-secret';
const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
const lead = PLATFORMS.horneross.events[3].sample as Record<string, any>;
const xssLead = () =>
  freshPayload('horneross', { ...lead, data: { ...lead['data'], contact: { ...lead['data']['contact'], name: XSS } } }, 1);

describe('the web console in Chromium', () => {
  let r: Relay;
  let sub: Subscriber;
  let browser: Browser;
  const shots: string[] = [];

  beforeAll(async () => {
    const built = await builtConsole();
    r = await relay({
      consoleDir: built.dir,
      changePollMs: 100,
      fanout: { pollMs: 20, baseMs: 40, maxMs: 80, timeoutMs: 2000, leaseMs: 5000, maxAttempts: 2 },
    });
    sub = await startSubscriber();
    browser = await launchBrowser('en-US');
  });
  afterAll(async () => {
    await browser?.close();
    await r?.close();
    await sub?.close();
    if (shots.length) process.stdout.write(`console screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}\n`);
  });

  const go = async (page: Page, hash: string) => {
    await page.evaluate((h) => (location.hash = h), hash);
  };

  it('signs in, sets up a source and a hook, shows live events, failures, retries, replays and rotations, in English and Spanish', async () => {
    const page = await browser.newPage();
    await page.goto(`${r.url}/console`);

    // Keyboard: the first Tab reaches the key field; Enter submits. A wrong key is refused with a message.
    await page.getByLabel('API key').waitFor();
    const focusOrder: string[] = [];
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('Tab');
      focusOrder.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || ''));
    }
    expect(focusOrder).toEqual(['ES', 'key']);
    await page.keyboard.type('not-the-key');
    await page.keyboard.press('Enter');
    await page.getByText('The relay refused this key.').waitFor();
    await screenshot(page, '01-sign-in', shots);
    await page.getByLabel('API key').fill(API_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    // The key is held in this tab's sessionStorage only: not in the URL, localStorage or a cookie.
    expect(page.url()).not.toContain(API_KEY);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(API_KEY);
    expect(await browser.context.cookies()).toEqual([]);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toContain(API_KEY);

    // A source: platform from the catalog, its secret, then its page with the ingest URL and setup steps.
    await go(page, '#/sources');
    await page.getByLabel('Platform').selectOption('horneross');
    await page.getByLabel('Source id (optional)').fill('hx');
    await page.getByLabel('Signing secret').fill(SECRET);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'Source hx' }).waitFor();
    await expect(page.locator('[data-ingest-url]').textContent()).resolves.toBe(`${r.url}/in/hx`);
    await page.getByText('In Horneross: Settings → Webhooks').first().waitFor();

    // A hook to a subscriber that fails for now; its secret is shown once.
    sub.respond(() => ({ status: 500, body: 'boom <b>not bold</b>' }));
    await go(page, '#/hooks');
    await page.getByLabel('Subscriber URL').fill(sub.url);
    await page.getByRole('button', { name: 'Create' }).click();
    const firstSecret = await page.getByRole('textbox', { name: 'Hook created. Its signing secret:' }).inputValue();
    expect(firstSecret).toMatch(/^whsec_/);

    // Send test delivery: signed by the relay with the source secret, ingested, outcome shown.
    await go(page, '#/sources/hx');
    await page.getByLabel('Event').selectOption('lead.captured');
    await page.getByRole('button', { name: 'Send test delivery' }).click();
    const accepted = page.getByText(/Accepted \(202\): stored as evt_/);
    await accepted.waitFor();
    const testEventId = /evt_[A-Za-z0-9_-]+/.exec((await accepted.textContent()) ?? '')![0];

    // The live log: the test delivery is there, and a platform delivery appears without a reload.
    await go(page, '#/events');
    await page.locator(`tr[data-event="${testEventId}"]`).waitFor();
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    const live = await post(`${r.url}/in/hx`, sign('horneross', xssLead(), { secret: SECRET }));
    expect(live.status).toBe(202);
    const liveId = live.json!['id'] as string;
    await page.locator(`tr[data-event="${liveId}"]`).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await screenshot(page, '03-events', shots);

    // Payload search finds it by the text inside the payload.
    await page.getByLabel('Search in payload').fill('window.__xss');
    await page.getByRole('button', { name: 'Apply' }).click();
    await until(async () => (await page.locator('tr[data-event]').count()) === 1);
    expect(await page.locator('tr[data-event]').getAttribute('data-event')).toBe(liveId);

    // Its page: the payload as text (no script ran, no image element), masked headers, the failed attempts.
    await page.locator(`tr[data-event="${liveId}"] a`).click();
    await page.getByRole('heading', { name: /lead\.captured/ }).waitFor();
    await page.getByRole('button', { name: 'Expand all' }).click();
    const shown = page.locator('.json-string', { hasText: '<script>window.__xss=1</script>' });
    await shown.waitFor();
    expect(await shown.textContent()).toBe(JSON.stringify(XSS));
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('.json-tree img, .json-tree script').count()).toBe(0);
    await expect(page.locator('table.headers tr', { hasText: 'x-horneross-signature' }).locator('td').textContent()).resolves.toBe(
      '••••••••',
    );
    await page.locator('table.attempts tr.bad', { hasText: '500' }).nth(1).waitFor();
    await page.getByText('boom <b>not bold</b>').first().waitFor();
    await page.locator('.delivery .badge-failed').waitFor();
    await screenshot(page, '04-event-failed', shots);

    // The subscriber recovers: retry this delivery and see it delivered (live, no reload).
    sub.respond(() => ({ status: 200, body: 'ok' }));
    await page.locator('.delivery').getByRole('button', { name: 'Retry' }).click();
    await page.locator('.delivery .badge-delivered').waitFor();
    await page.locator('table.attempts tr.ok', { hasText: '200' }).waitFor();
    expect(sub.received.map((x) => x.headers['webhook-id'])).toEqual([liveId]);

    // Replay: the same event again, with the same webhook-id.
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('Queued again to 1 hook(s).').waitFor();
    expect(await until(() => sub.received.length === 2)).toBe(true);
    expect(sub.received[1]!.headers['webhook-id']).toBe(liveId);
    await screenshot(page, '05-event-delivered', shots);

    // Recovery: the test delivery failed too; count, confirm, retry all failed deliveries of the hook.
    await go(page, '#/deliveries');
    await page.locator('tr[data-delivery]').first().waitFor();
    const hookId = (await r.store.hooks.list())[0]!.id;
    await page.locator('select[name=hook]').selectOption(hookId);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('button', { name: 'Count and retry…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Retry 1 failed deliveries? (0 skipped: hook disabled or deleted)').waitFor();
    await screenshot(page, '06-recovery-confirm', shots);
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('1 deliveries queued again.').waitFor();
    expect(await until(() => sub.received.some((x) => x.headers['webhook-id'] === testEventId))).toBe(true);

    // Rotate the hook secret: shown once; fan-outs carry both signatures during the grace period.
    await go(page, '#/hooks');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click();
    const rotated = await page.getByRole('textbox', { name: /New secret \(hook_/ }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(firstSecret);
    await page.getByText(/old secret signs too until/).waitFor();
    const before = sub.received.length;
    await post(`${r.url}/in/hx`, sign('horneross', freshPayload('horneross', lead, 7), { secret: SECRET }));
    expect(await until(() => sub.received.length === before + 1)).toBe(true);
    const got = sub.received[before]!;
    for (const secret of [firstSecret, rotated])
      expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
    await screenshot(page, '07-hooks', shots);

    // Rejections: a forged delivery shows up live with its reason.
    await go(page, '#/rejections');
    await page.getByRole('heading', { name: 'Refused deliveries' }).waitFor();
    await post(`${r.url}/in/hx`, sign('horneross', freshPayload('horneross', lead, 8), { secret: 'forged' }));
    await page.getByRole('rowheader', { name: 'invalid_signature' }).waitFor();
    await screenshot(page, '08-rejections', shots);

    // Overview: the counters and the chart show what happened.
    await go(page, '#/');
    await until(async () => Number(await page.locator('[data-counter="Events today"]').textContent()) >= 3);
    expect(Number(await page.locator('[data-counter="Events today"]').textContent())).toBeGreaterThanOrEqual(3);
    await page.locator('.bar-received').first().waitFor({ state: 'attached' });
    await screenshot(page, '02-overview', shots);

    // Spanish: the switch changes the whole console and the page language.
    await page.getByRole('button', { name: 'Idioma: español' }).click();
    await page.getByRole('heading', { name: 'Resumen' }).waitFor();
    await page.getByRole('link', { name: 'Fuentes' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await go(page, '#/sources/hx');
    await page.getByRole('button', { name: 'Probar Webhook' }).waitFor();
    await page.getByText('En Horneross: Settings → Webhooks').first().waitFor();
    await screenshot(page, '09-source-es', shots);
    await page.getByRole('button', { name: 'Language: English' }).click();
    await page.getByRole('button', { name: 'Send test delivery' }).waitFor();

    // 375 px wide: nothing wider than the screen, on every main page.
    await page.setViewportSize({ width: 375, height: 800 });
    for (const hash of ['#/', '#/sources', '#/hooks', '#/events', `#/events/${liveId}`, '#/deliveries', '#/rejections']) {
      await go(page, hash);
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(150);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ hash, overflow }).toEqual({ hash, overflow: 0 });
    }
    await go(page, `#/events/${liveId}`);
    await screenshot(page, '10-event-375px', shots);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Log out: the key is gone from the tab.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => Object.values(sessionStorage))).not.toContain(API_KEY);

    // Nothing was requested from another host, and the page broke no rule of its Content-Security-Policy.
    expect(browser.outside).toEqual([]);
    expect(browser.problems).toEqual([]);
  });

  it('signed in with a subscriber key, shows only its scope and offers no admin action', async () => {
    await r.store.sources.upsert({ id: 'cw', platform: 'conversa', secrets: ['cw-secret'] });
    const key = (await api(r.url, 'POST', '/keys', { name: 'zapier: sales', scope: { sources: ['cw'] } })).json!['key'] as string;
    const cwEvent = (
      await post(
        `${r.url}/in/cw`,
        sign('conversa', freshPayload('conversa', PLATFORMS.conversa.events[3].sample, 3), { secret: 'cw-secret' }),
      )
    ).json!['id'];
    const page = await browser.newPage();
    await page.goto(`${r.url}/console`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Key: zapier: sales (its scope only)').waitFor();
    expect(await page.getByRole('link', { name: 'Rejections' }).count()).toBe(0);
    await go(page, '#/sources');
    await page.locator('table').getByRole('link', { name: 'cw' }).waitFor();
    expect(await page.locator('table').getByRole('link', { name: 'hx' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'New source' }).count()).toBe(0);
    await go(page, '#/sources/cw');
    await page.locator('[data-ingest-url]').waitFor();
    expect(await page.getByRole('button', { name: 'Send test delivery' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Rotate' }).count()).toBe(0);
    await go(page, '#/events');
    await page.locator(`tr[data-event="${cwEvent}"]`).waitFor();
    expect(await page.locator('tr[data-event]').count()).toBe(1);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(browser.outside).toEqual([]);
    expect(browser.problems).toEqual([]);
  });

  it('opens in Spanish for a Spanish browser', async () => {
    const es = await launchBrowser('es-ES');
    try {
      const page = await es.newPage();
      await page.goto(`${r.url}/console`);
      await page.getByRole('heading', { name: 'Iniciar sesión en la consola del relay' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
      await page.getByLabel('Clave de API').fill(API_KEY);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Resumen' }).waitFor();
      expect(es.outside).toEqual([]);
      expect(es.problems).toEqual([]);
    } finally {
      await es.close();
    }
  });
});
