// Every per-platform app passes zapier-platform-core's own schema validation (what `zapier-platform
// validate` runs locally), and its generated project folder loads the same app.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const zapier = require('zapier-platform-core');
const { APPS, core } = require('./support');

for (const { platform, App } of APPS) {
  test(`${platform}: validates with zapier-platform-core (no errors)`, async () => {
    const out = await zapier.createAppHandler(App)({ command: 'validate', calledFromCli: true });
    assert.deepEqual(out.results, []);
  });

  test(`${platform}: its project folder's entry builds this app`, () => {
    const dir = path.join(__dirname, '..', 'apps', platform);
    const entry = fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
    assert.match(entry, new RegExp(`buildApp\\('${platform}'\\)`));
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.dependencies['zapier-platform-core'], zapier.version);
  });

  test(`${platform}: a trigger per catalog event plus "New Event" and the source list`, () => {
    const spec = core.getPlatform(platform);
    const keys = Object.keys(App.triggers);
    assert.equal(keys.length, (spec.openEvents ? 0 : spec.events.length) + 2);
    const visible = Object.values(App.triggers).filter((t) => !t.display.hidden);
    assert.deepEqual(
      Object.values(App.triggers)
        .filter((t) => t.display.hidden)
        .map((t) => t.key),
      ['source_list'],
    );
    for (const t of visible) assert.ok(t.operation.sample && t.operation.outputFields.length > 0, t.key);
  });
}

/** The value at a `parent__child` output key, for plain (non line-item) keys. */
const at = (obj, key) => key.split('__').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), obj);

for (const { platform, App } of APPS) {
  test(`${platform}: every datetime field of every sample is ISO 8601 (unix seconds converted)`, () => {
    let checked = 0;
    for (const t of Object.values(App.triggers).filter((x) => !x.display.hidden)) {
      for (const f of t.operation.outputFields.filter((x) => x.type === 'datetime' && !x.key.includes('[]'))) {
        const v = at(t.operation.sample, f.key);
        if (v === undefined || v === null) continue;
        assert.equal(typeof v, 'string', `${t.key} ${f.key} = ${v}`);
        assert.ok(!Number.isNaN(Date.parse(v)), `${t.key} ${f.key} = ${v}`);
        checked++;
      }
    }
    assert.ok(checked >= 2, `only ${checked} datetime values checked`);
  });
}
