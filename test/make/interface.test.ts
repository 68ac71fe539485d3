import { z } from 'zod/v4';
import { schemaFields } from '../../shared';
import { interfaceFromFields } from '../../make/interface';
import { interfaceMismatches } from './interface-check';

describe('interface from the field projection (Make types)', () => {
  it('maps scalars, dates, nullable, collections and arrays', () => {
    const fields = schemaFields(
      z.object({
        name: z.string(),
        at: z.iso.datetime(),
        email: z.email(),
        link: z.url(),
        ref: z.uuid(),
        count: z.number().int().nonnegative(),
        delta: z.number().int(),
        ratio: z.number(),
        ok: z.boolean(),
        maybe: z.string().nullable(),
        kind: z.enum(['a', 'b']),
        contact: z.object({ firstName: z.string() }),
        meta: z.record(z.string(), z.unknown()),
        tags: z.array(z.string()),
        items: z.array(z.object({ sku: z.string(), qty: z.number() })),
        blob: z.unknown(),
      }),
    );
    expect(interfaceFromFields(fields)).toEqual([
      { name: 'name', label: 'Name', type: 'text' },
      { name: 'at', label: 'At', type: 'date' },
      { name: 'email', label: 'Email', type: 'email' },
      { name: 'link', label: 'Link', type: 'url' },
      { name: 'ref', label: 'Ref', type: 'uuid' },
      { name: 'count', label: 'Count', type: 'integer' },
      { name: 'delta', label: 'Delta', type: 'integer' },
      { name: 'ratio', label: 'Ratio', type: 'number' },
      { name: 'ok', label: 'Ok', type: 'boolean' },
      { name: 'maybe', label: 'Maybe', type: 'text' },
      { name: 'kind', label: 'Kind', type: 'text' },
      { name: 'contact', label: 'Contact', type: 'collection', spec: [{ name: 'firstName', label: 'First Name', type: 'text' }] },
      { name: 'meta', label: 'Meta', type: 'collection', spec: [] },
      { name: 'tags', label: 'Tags', type: 'array', spec: { label: 'Value', type: 'text' } },
      {
        name: 'items',
        label: 'Items',
        type: 'array',
        spec: [
          { name: 'sku', label: 'Sku', type: 'text' },
          { name: 'qty', label: 'Qty', type: 'number' },
        ],
      },
      { name: 'blob', label: 'Blob', type: 'any' },
    ]);
  });

  it('merges nested unions of object shapes too', () => {
    const fields = schemaFields(
      z.object({ payload: z.union([z.object({ a: z.string() }), z.object({ a: z.number(), b: z.boolean() })]).nullable() }),
    );
    expect(interfaceFromFields(fields)).toEqual([
      {
        name: 'payload',
        label: 'Payload',
        type: 'collection',
        spec: [
          { name: 'a', label: 'A', type: 'any' },
          { name: 'b', label: 'B', type: 'boolean' },
        ],
      },
    ]);
  });

  it('merges a union of object variants into one collection', () => {
    const fields = schemaFields(z.union([z.object({ a: z.string(), id: z.number() }), z.object({ b: z.boolean(), id: z.number() })]));
    expect(interfaceFromFields(fields).map((p) => [p.name, p.type])).toEqual([
      ['a', 'text'],
      ['id', 'number'],
      ['b', 'boolean'],
    ]);
  });
});

describe('interface conformance check used by the e2e', () => {
  it('reports values that do not fit the declared Make types', () => {
    const params = interfaceFromFields(
      schemaFields(z.object({ at: z.iso.datetime(), n: z.number(), items: z.array(z.object({ ok: z.boolean() })) })),
    );
    expect(interfaceMismatches(params, { at: '2026-01-01T00:00:00Z', n: 1, items: [{ ok: true }] })).toEqual([]);
    expect(interfaceMismatches(params, { at: 'yesterday', n: '1', items: [{ ok: 'yes' }] })).toHaveLength(3);
  });
});
