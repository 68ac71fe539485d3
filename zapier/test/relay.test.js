// Every per-platform app against a real Hookline relay (the CLI's relay, a child process on loopback) and a
// loopback server standing in for Zapier's hook URL: connection test, source dropdown, subscribe, the
// relay's own fan-out through perform, performList, unsubscribe.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { APPS, core, asZapierRequest, invalidPayload, startRelay, startCapture, cleanup, until, sourceSecret } = require('./support');

const API_KEY = `zapier-test-key-${Math.random().toString(36).slice(2)}`;
let relayUrl;
let capture;
before(async () => {
  [relayUrl, capture] = await Promise.all([startRelay(API_KEY), startCapture()]);
});
after(cleanup);

const ingest = async (platform, payload) => {
  const delivery = core.sign(platform, payload, { secret: sourceSecret(platform) });
  const res = await fetch(`${relayUrl}/in/src-${platform}`, { method: 'POST', headers: delivery.headers, body: delivery.body });
  const body = await res.json();
  assert.equal(res.status, 202, `ingest: ${JSON.stringify(body)}`);
  return body.id;
};
const deliveredTo = (path, id) => until(() => capture.received.find((r) => r.url === path && r.headers['webhook-id'] === id));

for (const { platform, App, appTester } of APPS) {
  const spec = core.getPlatform(platform);
  const authData = () => ({ relayUrl, apiKey: API_KEY });
  const newEvent = App.triggers.new_event.operation;
  const first = spec.events[0];
  const eventTrigger =
    first && Object.values(App.triggers).find((t) => t.operation.sample?.type === first.type && t.key !== 'new_event').operation;

  describe(`${platform}: against a real relay`, () => {
    test('connection test: the key works, a wrong key and a dead URL fail with a human message', async () => {
      const me = await appTester(App.authentication.test, { authData: authData() });
      assert.equal(me.host, new URL(relayUrl).host);
      assert.match(
        await App.authentication.connectionLabel(null, { inputData: me }),
        new RegExp(new URL(relayUrl).host.replace(/[.]/g, '\\.')),
      );
      const wrong = await appTester(App.authentication.test, { authData: { relayUrl, apiKey: 'hlsk_wrong_key_value' } }).catch((e) => e);
      assert.match(wrong.message, /rejected the subscriber key/);
      assert.doesNotMatch(wrong.message, /hlsk_wrong_key_value/);
      const dead = await appTester(App.authentication.test, { authData: { relayUrl: 'http://127.0.0.1:9', apiKey: API_KEY } }).catch(
        (e) => e,
      );
      assert.match(dead.message, /Could not reach the Hookline relay at 127\.0\.0\.1:9/);
    });

    test("the Source dropdown lists this platform's sources only", async () => {
      const options = await appTester(App.triggers.source_list.operation.perform, { authData: authData(), inputData: {} });
      assert.deepEqual(options.map((o) => o.id).sort(), [`empty-${platform}`, `src-${platform}`]);
    });

    test('subscribe → the relay fans out → perform → performList → unsubscribe', async () => {
      const subAll = await appTester(newEvent.performSubscribe, {
        authData: authData(),
        inputData: {},
        targetUrl: `${capture.base}/${platform}/all`,
      });
      assert.match(subAll.id, /^hook_/);
      assert.match(subAll.secret, /^whsec_/);
      assert.deepEqual(Object.keys(subAll).sort(), ['id', 'secret']);
      const subOne =
        eventTrigger &&
        (await appTester(eventTrigger.performSubscribe, {
          authData: authData(),
          inputData: { source: `src-${platform}` },
          targetUrl: `${capture.base}/${platform}/one`,
        }));

      // The platform's signed delivery → the relay → both hooks → perform.
      const sample = first ? first.sample : spec.anyEvent.sample;
      const id = await ingest(platform, core.freshPayload(platform, sample, Date.now() % 100000));
      const got = await deliveredTo(`/${platform}/all`, id);
      const [item] = await appTester(newEvent.perform, {
        authData: authData(),
        inputData: {},
        subscribeData: subAll,
        ...asZapierRequest(got.headers, got.body),
      });
      assert.equal(item.id, id);
      assert.equal(item.platform, platform);
      assert.equal(item.source, `src-${platform}`);
      assert.equal(item.verified, true);
      if (eventTrigger) {
        const one = await deliveredTo(`/${platform}/one`, id);
        assert.equal(
          (
            await appTester(eventTrigger.perform, {
              authData: authData(),
              inputData: { source: `src-${platform}` },
              subscribeData: subOne,
              ...asZapierRequest(one.headers, one.body),
            })
          ).length,
          1,
        );
      }
      // The same fan-out, edited on the way: refused.
      const forged = asZapierRequest(got.headers, got.body.replace(`"${id}"`, `"${id}x"`));
      await assert.rejects(
        appTester(newEvent.perform, { authData: authData(), inputData: {}, subscribeData: subAll, ...forged }),
        (e) => e.name === 'HaltedError',
      );

      // A payload that fails its schema: the relay (onInvalidPayload: pass) fans it out with issues; perform keeps it.
      const bad = invalidPayload(platform);
      const badId = await ingest(platform, bad.payload);
      const badGot = await deliveredTo(`/${platform}/all`, badId);
      const [badItem] = await appTester(newEvent.perform, {
        authData: authData(),
        inputData: {},
        subscribeData: subAll,
        ...asZapierRequest(badGot.headers, badGot.body),
      });
      assert.ok(badItem.issues.length > 0);

      // "Test trigger": the relay's recent events, newest first; [] for a source with none; a wrong key is an error.
      const listed = await appTester(newEvent.performList, { authData: authData(), inputData: {} });
      assert.deepEqual(
        listed.slice(0, 2).map((e) => e.id),
        [badId, id],
      );
      assert.ok(listed.every((e) => e.platform === platform));
      if (eventTrigger) {
        const only = await appTester(eventTrigger.performList, { authData: authData(), inputData: {} });
        assert.ok(only.length >= 1 && only.every((e) => e.type === first.type));
        const picked = await appTester(newEvent.performList, { authData: authData(), inputData: { events: [first.type] } });
        assert.ok(picked.length >= 1 && picked.every((e) => e.type === first.type));
      }
      assert.deepEqual(await appTester(newEvent.performList, { authData: authData(), inputData: { source: `empty-${platform}` } }), []);
      await assert.rejects(
        appTester(newEvent.performList, { authData: { relayUrl, apiKey: 'hlsk_revoked' }, inputData: {} }),
        /rejected the subscriber key/,
      );
      await assert.rejects(
        appTester(newEvent.performList, { authData: { relayUrl: 'http://127.0.0.1:9', apiKey: API_KEY }, inputData: {} }),
        /Could not reach/,
      );

      // Zap off: the hooks are deleted; a second unsubscribe (Zap deleted after being turned off) is fine.
      for (const sub of [subAll, subOne].filter(Boolean)) {
        await appTester(newEvent.performUnsubscribe, { authData: authData(), subscribeData: sub });
        const gone = await fetch(`${relayUrl}/hooks/${sub.id}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
        assert.equal(gone.status, 404);
        await appTester(newEvent.performUnsubscribe, { authData: authData(), subscribeData: sub });
      }
    });

    test('subscribe failures are z.errors with the reason: a refused key, an unknown source', async () => {
      const refused = await appTester(newEvent.performSubscribe, {
        authData: { relayUrl, apiKey: 'hlsk_nope' },
        inputData: {},
        targetUrl: `${capture.base}/x`,
      }).catch((e) => e);
      assert.match(refused.message, /rejected the subscriber key/);
      assert.equal(JSON.parse(refused.message).code, 'unauthorized');
      const unknown = await appTester(newEvent.performSubscribe, {
        authData: authData(),
        inputData: { source: 'no-such-source' },
        targetUrl: `${capture.base}/x`,
      }).catch((e) => e);
      assert.equal(unknown.name, 'AppError');
      assert.match(JSON.parse(unknown.message).message, /could not subscribe: No source no-such-source/);
    });

    test('subscribe with a picked event list and a source subscribes exactly those', async () => {
      const picked = first ? [first.type] : ['invoice.*'];
      const sub = await appTester(newEvent.performSubscribe, {
        authData: authData(),
        inputData: { source: `src-${platform}`, events: picked },
        targetUrl: `${capture.base}/${platform}/picked`,
      });
      const hook = await (await fetch(`${relayUrl}/hooks/${sub.id}`, { headers: { Authorization: `Bearer ${API_KEY}` } })).json();
      assert.deepEqual(hook.events, picked);
      assert.equal(hook.source, `src-${platform}`);
      await appTester(newEvent.performUnsubscribe, { authData: authData(), subscribeData: sub });
    });
  });
}
