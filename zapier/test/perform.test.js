// perform, for every per-platform app: fan-outs built exactly as the relay builds them (support.relayFanout),
// covering what a real relay cannot be made to send on demand (a chosen signing time, a forged signature).
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { APPS, core, asZapierRequest, relayFanout, invalidPayload, unknownTypePayload, whsec } = require('./support');

const SECRET = whsec('hook-secret-perform');
const now = () => Math.floor(Date.now() / 1000);
const bundleOf = (fanout, extra = {}) => ({
  authData: { relayUrl: 'http://127.0.0.1:1', apiKey: 'unused' },
  inputData: {},
  subscribeData: { id: 'hook_1', secret: SECRET },
  ...asZapierRequest(fanout.headers, fanout.body),
  ...extra,
});
const halted = (message) => (err) => err.name === 'HaltedError' && message.test(err.message);

for (const { platform, App, appTester } of APPS) {
  const spec = core.getPlatform(platform);
  const newEvent = App.triggers.new_event.operation.perform;
  const first = spec.events[0];
  const firstTrigger = first && Object.values(App.triggers).find((t) => t.operation.sample?.type === first.type && t.key !== 'new_event');

  describe(`${platform}: perform`, () => {
    test("a signed fan-out → one item: the relay envelope, ISO times, the relay's id", async () => {
      const sample = first ? first.sample : spec.anyEvent.sample;
      const f = relayFanout(platform, sample, SECRET);
      const [item, ...rest] = await appTester(newEvent, bundleOf(f));
      assert.equal(rest.length, 0);
      assert.equal(item.id, f.event.id);
      assert.equal(item.type, f.event.type);
      assert.equal(item.verified, true);
      assert.deepEqual(item.issues, []);
      assert.match(item.occurredAt, /^\d{4}-\d{2}-\d{2}T/);
      if (firstTrigger) assert.equal((await appTester(firstTrigger.operation.perform, bundleOf(f))).length, 1);
    });

    test('forged: another secret, an edited body, no signature → HaltedError (the Zap stays on)', async () => {
      const f = relayFanout(platform, first ? first.sample : spec.anyEvent.sample, whsec('someone-else'));
      await assert.rejects(appTester(newEvent, bundleOf(f)), halted(/not signed by this Zap's Hookline subscription/));
      const good = relayFanout(platform, first ? first.sample : spec.anyEvent.sample, SECRET);
      const edited = bundleOf(good);
      edited.rawRequest = {
        ...edited.rawRequest,
        content: edited.rawRequest.content.replace(`"source":"src-${platform}"`, '"source":"elsewhere"'),
      };
      await assert.rejects(appTester(newEvent, edited), halted(/not signed/));
      const unsigned = bundleOf(good);
      unsigned.rawRequest = { ...unsigned.rawRequest, headers: { 'Content-Type': 'application/json' } };
      await assert.rejects(appTester(newEvent, unsigned), halted(/not signed/));
      await assert.rejects(appTester(newEvent, { ...bundleOf(good), subscribeData: {} }), halted(/no Hookline subscription secret/));
    });

    test('a schema issue reaches the Zap as fields, not a drop', async () => {
      const { payload, type } = invalidPayload(platform);
      const f = relayFanout(platform, payload, SECRET, { onInvalidPayload: 'pass' });
      const [item] = await appTester(newEvent, bundleOf(f));
      assert.equal(item.type, type);
      assert.equal(item.known, !spec.openEvents);
      assert.ok(item.issues.length > 0 && typeof item.issues[0].path === 'string' && typeof item.issues[0].message === 'string');
      const trigger = Object.values(App.triggers).find((t) => t.operation.sample?.type === type && t.key !== 'new_event');
      if (trigger) assert.equal((await appTester(trigger.operation.perform, bundleOf(f))).length, 1);
    });

    test('an unknown type reaches "New Event" (known: false); a per-event trigger does not take it', async () => {
      if (spec.openEvents) {
        // Every type of an open platform is outside the catalog; a picked pattern still filters.
        const f = relayFanout(platform, { ...spec.anyEvent.sample, type: 'brand.new_type' }, SECRET);
        const [item] = await appTester(newEvent, bundleOf(f));
        assert.equal(item.known, false);
        assert.equal(item.type, 'brand.new_type');
        assert.equal((await appTester(newEvent, bundleOf(f, { inputData: { events: ['brand.*'] } }))).length, 1);
        assert.deepEqual(await appTester(newEvent, bundleOf(f, { inputData: { events: ['invoice.*'] } })), []);
        return;
      }
      const f = relayFanout(platform, unknownTypePayload(platform), SECRET, { allowUnknownEvents: true });
      const [item] = await appTester(newEvent, bundleOf(f));
      assert.equal(item.known, false);
      assert.equal(item.type, f.event.type);
      assert.deepEqual(await appTester(firstTrigger.operation.perform, bundleOf(f)), []);
      assert.deepEqual(await appTester(newEvent, bundleOf(f, { inputData: { events: [first.type] } })), []);
    });

    test('late delivery: accepted up to 24 h after signing (Zapier queues perform), refused after', async () => {
      const sample = first ? first.sample : spec.anyEvent.sample;
      const late = relayFanout(platform, sample, SECRET, { timestamp: now() - 2 * 3600 });
      assert.equal((await appTester(newEvent, bundleOf(late))).length, 1);
      const stale = relayFanout(platform, sample, SECRET, { timestamp: now() - 25 * 3600 });
      await assert.rejects(appTester(newEvent, bundleOf(stale)), halted(/signed more than 24 hours/));
    });
  });
}

test('a fan-out of another platform is refused by each app (wrong_platform)', async () => {
  const [a, b] = APPS;
  const f = relayFanout(a.platform, core.getPlatform(a.platform).events[0].sample, SECRET);
  await assert.rejects(b.appTester(b.App.triggers.new_event.operation.perform, bundleOf(f)), halted(/another platform/));
});
