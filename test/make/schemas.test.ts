import { PLATFORM_IDS } from '../../shared';
import { archiveFiles } from '../../make/archive';
import { localProjectFiles } from '../../make/local-project';
import { buildMakeApp } from '../../make/model';
import { loadMakeSchemas } from './make-schemas';

const schemaFor = loadMakeSchemas();

function validateAll(files: Map<string, string | Uint8Array>): { checked: Record<string, number>; failures: string[] } {
  const checked: Record<string, number> = {};
  const failures: string[] = [];
  for (const [path, content] of files) {
    const found = schemaFor(path);
    if (!found) continue;
    checked[found.schema] = (checked[found.schema] ?? 0) + 1;
    const value = JSON.parse(content as string) as unknown;
    if (!found.validate(value)) failures.push(`${path} (${found.schema}): ${JSON.stringify(found.validate.errors?.slice(0, 3))}`);
  }
  return { checked, failures };
}

describe('Make files validate against the editor schemas (jsonValidation.json mapping)', () => {
  it.each(PLATFORM_IDS)('%s: every archive file', (platform) => {
    const app = buildMakeApp(platform);
    const { checked, failures } = validateAll(archiveFiles(app));
    expect(failures).toEqual([]);
    expect(checked['base.json']).toBe(1);
    // connection api, the RPC's api, each webhook's api/attach/detach, each module's api
    expect(checked['api.json']).toBe(1 + app.rpcs.length + app.webhooks.length * 3 + app.modules.length);
    // connection and RPC parameters, webhook parameters, module parameters + interface, the universal module's expect
    const universal = app.modules.filter((m) => m.type === 'universal').length;
    expect(checked['parameters.json']).toBe(1 + app.rpcs.length + app.webhooks.length + app.modules.length * 2 + universal);
    expect(checked['samples.json']).toBe(app.modules.length);
  });

  it.each(PLATFORM_IDS)('%s: every local-development file and makecomapp.json', (platform) => {
    const app = buildMakeApp(platform);
    const { checked, failures } = validateAll(localProjectFiles(app));
    expect(failures).toEqual([]);
    expect(checked['makecomapp.schema.json']).toBe(1);
    expect(checked['base.json']).toBe(1);
    expect(checked['samples.json']).toBe(app.modules.length);
    expect(checked['scope.json']).toBe(app.webhooks.length);
    expect(checked['groups.json'] ?? 0).toBe(app.modules.length > 10 ? 1 : 0);
  });

  it('the validator rejects what Make rejects (so a pass means something)', () => {
    const { failures } = validateAll(
      new Map([
        ['x/modules/a/interface.imljson', JSON.stringify([{ name: 'a', type: 'string' }])],
        ['x/modules/a/samples.imljson', JSON.stringify([])],
        ['src/makecomapp.json', JSON.stringify({ fileVersion: 1, generalCodeFiles: {}, components: {}, origins: [] })],
      ]),
    );
    expect(failures).toHaveLength(3);
  });
});
