// Offline tests of the built app (dist/index.js via index.js) with zapier-platform-core's createAppTester.
// NODE_ENV=test makes core's output checks throw (see research §3.1).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const zapier = require('zapier-platform-core');
const App = require('../index');
const { sign, sampleRelayEvent } = require('./support/core');
const { asZapierRequest } = require('./zapier-request');

const appTester = zapier.createAppTester(App);
const SECRET = 'whsec_' + Buffer.from('hookline-zapier-test-secret-0001').toString('base64');


/** The relay's envelope for a catalog sample, as the relay would fan it out. */
function relayEvent(platform, type) {
  return { ...sampleRelayEvent(platform, type), id: `evt_${platform}_${Math.random().toString(36).slice(2)}`, source: 'src1' };
}

test('createAppHandler validate returns zero errors', async () => {
  const out = await zapier.createAppHandler(App)({ command: 'validate', calledFromCli: true });
  assert.deepEqual(out.results, []);
});

test('every trigger has key, noun, display, a sample with id, and outputFields', () => {
  const keys = Object.keys(App.triggers);
  assert.ok(keys.length > 20, `only ${keys.length} triggers`);
  for (const [key, t] of Object.entries(App.triggers)) {
    assert.equal(t.key, key);
    assert.match(key, /^[a-zA-Z][a-zA-Z0-9_]+$/);
    assert.ok(t.noun.length >= 2);
    assert.ok(t.display.label.length >= 2 && t.display.label.length <= 64, key);
    assert.ok(t.operation.sample && typeof t.operation.sample.id === 'string', `${key} has no sample`);
    assert.ok(t.operation.outputFields.length >= 7);
    for (const f of t.operation.outputFields) assert.ok(!f.key.includes('.'), f.key);
  }
});

test('one any-event trigger per platform; Modyo non-important types hidden', () => {
  const { PLATFORM_IDS, PLATFORMS } = require('./support/core');
  for (const p of PLATFORM_IDS) assert.ok(App.triggers[`${p}_any_event`], p);
  const modyo = PLATFORMS.modyo.events;
  const visible = modyo.filter((e) => !Object.values(App.triggers).find((t) => t.key.startsWith('modyo_') && t.noun.endsWith(e.label.en) && t.display.hidden));
  assert.ok(visible.length < modyo.length || modyo.length <= 20);
});

for (const platform of ['horneross', 'conversa', 'modyo']) {
  test(`perform: signed relay delivery for ${platform} → one typed item; forged → []`, async () => {
    const { PLATFORMS } = require('./support/core');
    const spec = PLATFORMS[platform].events[0];
    const key = Object.keys(App.triggers).find((k) => App.triggers[k].operation.sample.type === spec.type && k.startsWith(platform) && !k.endsWith('any_event'));
    const trigger = App.triggers[key];
    const event = relayEvent(platform, spec.type);
    const signed = sign('standard', event, { secret: SECRET, deliveryId: event.id });
    const bundle = { ...asZapierRequest(signed.headers, signed.body), subscribeData: { id: 'h1', secret: SECRET }, inputData: {} };
    const items = await appTester(trigger.operation.perform, bundle);
    assert.equal(items.length, 1);
    assert.equal(items[0].id, event.id);
    assert.equal(items[0].type, spec.type);
    assert.deepEqual(items[0].data, spec.sample);
    const any = await appTester(App.triggers[`${platform}_any_event`].operation.perform, bundle);
    assert.equal(any.length, 1);

    const forged = { ...bundle, rawRequest: { ...bundle.rawRequest, content: bundle.rawRequest.content.replace('"src1"', '"evil"') } };
    assert.deepEqual(await appTester(trigger.operation.perform, forged), []);
    const wrongSecret = { ...bundle, subscribeData: { id: 'h1', secret: 'whsec_' + Buffer.from('another-secret-value-0000000000').toString('base64') } };
    assert.deepEqual(await appTester(trigger.operation.perform, wrongSecret), []);
  });
}

test('perform: irrelevant type or platform → []', async () => {
  const { PLATFORMS } = require('./support/core');
  const [a, b] = PLATFORMS.horneross.events;
  const event = relayEvent('horneross', b.type);
  const signed = sign('standard', event, { secret: SECRET, deliveryId: event.id });
  const bundle = { ...asZapierRequest(signed.headers, signed.body), subscribeData: { id: 'h1', secret: SECRET } };
  const keyA = Object.keys(App.triggers).find((k) => k.startsWith('horneross') && App.triggers[k].operation.sample.type === a.type && !k.endsWith('any_event'));
  assert.deepEqual(await appTester(App.triggers[keyA].operation.perform, bundle), []);
  assert.deepEqual(await appTester(App.triggers.iris_any_event.operation.perform, bundle), []);
});
