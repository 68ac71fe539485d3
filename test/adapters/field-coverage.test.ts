import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANY_EVENT, getPlatform, PLATFORM_IDS, type PlatformId } from '../../shared';
import { buildMakeApp, isInstantTrigger } from '../../make';
import type { MakeParam } from '../../make/interface';
import { triggerClassName } from '../../nodes/Hookline/names';
import { outputFields } from '../../zapier/src/fields';

/**
 * The figure issue 10 asks for: the share of every catalog sample's leaves (objects flattened to depth 4,
 * arrays as one field) that each adapter offers as a mappable field. A leaf inside a record (free keys)
 * or an `any` counts as mapped when that container is a field: its keys are data, not schema.
 */
type Json = Record<string, unknown>;

function leaves(value: unknown, path: string[] = [], maxDepth = 4): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || path.length >= maxDepth || Object.keys(value).length === 0)
    return [path];
  return Object.entries(value as Json).flatMap(([k, v]) => leaves(v, [...path, k], maxDepth));
}

function n8nCovers(schema: Json, path: string[]): boolean {
  let node: Json | undefined = schema;
  for (const key of path) {
    const props = node['properties'] as Record<string, Json> | undefined;
    if (!props)
      return (
        node['type'] === undefined ||
        node['additionalProperties'] === true ||
        node['type'] === 'array' ||
        (Array.isArray(node['type']) && node['type'].includes('array'))
      );
    node = props[key];
    if (!node) return false;
  }
  return true;
}

function makeCovers(params: readonly MakeParam[], path: string[]): boolean {
  let list: readonly MakeParam[] = params;
  for (let i = 0; i < path.length; i++) {
    const p = list.find((x) => x.name === path[i]);
    if (!p) return false;
    if (i === path.length - 1) return true;
    if (p.type === 'any' || p.type === 'array') return true;
    if (p.type !== 'collection') return false;
    const spec = (p.spec as MakeParam[] | undefined) ?? [];
    if (spec.length === 0) return true;
    list = spec;
  }
  return true;
}

function zapierCovers(fields: ReturnType<typeof outputFields>, path: string[]): boolean {
  const key = path.join('__');
  // A null sample object (e.g. a team not set) is mappable when its fields are.
  return fields.some(
    (f) => f.key === key || f.key.startsWith(`${key}__`) || (key.startsWith(`${f.key}__`) && (!('type' in f) || f.list === true)),
  );
}

const events = (platform: PlatformId) => {
  const spec = getPlatform(platform);
  return spec.openEvents
    ? [{ type: ANY_EVENT, sample: spec.anyEvent.sample }]
    : spec.events.map((e) => ({ type: e.type, sample: e.sample }));
};

describe('field coverage of every catalog sample in n8n, Zapier and Make', () => {
  const totals = { leaves: 0, n8n: 0, zapier: 0, make: 0 };
  for (const platform of PLATFORM_IDS) {
    it(`${platform}: every sample leaf is a mappable field in all three`, () => {
      const n8nSchema = JSON.parse(
        readFileSync(join(__dirname, '../../nodes', triggerClassName(platform), '__schema__/v1.0.0.json'), 'utf8'),
      ) as Json;
      const make = buildMakeApp(platform);
      const missing: string[] = [];
      for (const { type, sample } of events(platform)) {
        const zapier = outputFields(platform, type);
        const module = make.modules.filter(isInstantTrigger).find((m) => m.eventType === type)!;
        const makeInterface = module.sections['interface'] as MakeParam[];
        for (const leaf of leaves(sample).map((p) => ['data', ...p])) {
          totals.leaves++;
          const hits = { n8n: n8nCovers(n8nSchema, leaf), zapier: zapierCovers(zapier, leaf), make: makeCovers(makeInterface, leaf) };
          for (const [adapter, hit] of Object.entries(hits)) {
            if (hit) totals[adapter as 'n8n']++;
            else missing.push(`${adapter} ${type} ${leaf.join('.')}`);
          }
        }
        for (const envelope of ['id', 'platform', 'type', 'deliveryId', 'occurredAt', 'verified', 'known', 'issues']) {
          expect(zapier.some((f) => f.key === envelope)).toBe(true);
          expect(makeInterface.some((p) => p.name === envelope)).toBe(true);
        }
      }
      expect(missing).toEqual([]);
    });
  }
  afterAll(() => {
    const pct = (n: number) => `${((100 * n) / totals.leaves).toFixed(1)} %`;
    console.log(
      `field coverage over ${totals.leaves} sample leaves: n8n ${pct(totals.n8n)}, Zapier ${pct(totals.zapier)}, Make ${pct(totals.make)}`,
    );
  });
});
