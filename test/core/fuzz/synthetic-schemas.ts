/**
 * Schemas beyond today's catalog, one or more per construct the generator claims to cover, so the differential
 * test proves the generator on zod in general (the catalog will grow). Compiled here from the emitted source
 * (transpiled, then evaluated: fine in a test, never in the core).
 */
import ts from 'typescript';
import { z } from 'zod/v4';
import { ValidatorEmitter } from '../../../scripts/validators/emit-validators';
import { schemaNode, type SchemaNode } from '../../../shared/validators/schema-ir';

interface Tree {
  readonly name: string;
  readonly children?: Tree[];
}
const tree: z.ZodType<Tree> = z.lazy(() => z.object({ name: z.string().min(1), children: z.array(tree).max(3).optional() }));

export const SYNTHETIC_SCHEMAS: Record<string, z.ZodType> = {
  discriminatedUnion: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('a'), a: z.number().int() }),
    z.object({ kind: z.literal(['b', 'c']), b: z.string().nullable() }),
  ]),
  recursiveTree: tree,
  intersection: z.intersection(z.object({ id: z.string() }), z.object({ n: z.number().gte(1).lt(10) })),
  strictObject: z.strictObject({ a: z.string().optional(), b: z.boolean() }),
  looseObject: z.looseObject({ a: z.string() }),
  catchallNumber: z.object({ a: z.string() }).catchall(z.number()),
  exhaustiveRecord: z.record(z.enum(['x', 'y']), z.number()),
  patternKeyRecord: z.record(z.string().regex(/^k_\d+$/), z.union([z.string(), z.array(z.number())])),
  literals: z.object({ l: z.literal([1, 'one', true, null]), e: z.enum(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) }),
  stringFormats: z.object({
    email: z.email().optional(),
    uuid: z.uuid().optional(),
    when: z.iso.datetime().optional(),
    day: z.iso.date().optional(),
    ip: z.ipv4().optional(),
    exact: z.string().length(3).optional(),
    bounded: z.string().min(2).max(5).optional(),
    affixes: z.string().startsWith('ab').endsWith('yz').includes('m').optional(),
    lower: z.string().lowercase().optional(),
  }),
  numberFormats: z.object({
    i32: z.int32().optional(),
    u32: z.uint32().optional(),
    f32: z.float32().optional(),
    pos: z.number().positive().optional(),
    neg: z.number().lte(-1).optional(),
    safe: z.number().int().nonnegative().optional(),
  }),
  arrays: z.object({ xs: z.array(z.string()).min(1).max(3), ys: z.array(z.unknown()).length(2).optional() }),
  wrappers: z.object({
    ro: z.string().readonly(),
    nn: z.string().optional().nonoptional(),
    n: z.null(),
    u: z.undefined(),
    any: z.any(),
    no: z.never().optional(),
  }),
  unionOfShapes: z.union([z.object({ a: z.string() }), z.object({ b: z.number() }), z.array(z.boolean()), z.null()]),
};

/** Every synthetic schema's node and its generated validator, compiled from the emitted source. */
export function compileSynthetic(): { name: string; schema: z.ZodType; node: SchemaNode; validate: (v: unknown) => boolean }[] {
  const emitter = new ValidatorEmitter();
  const entries = Object.entries(SYNTHETIC_SCHEMAS).map(([name, schema]) => {
    const node = schemaNode(schema);
    return { name, schema, node, fn: emitter.validatorFor(node) };
  });
  const source = emitter.source('', `export const VALIDATORS = [${entries.map((e) => e.fn).join(', ')}];`);
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exports: { VALIDATORS?: ((v: unknown) => boolean)[] } = {};
  new Function('exports', js)(exports);
  return entries.map((e, i) => ({ name: e.name, schema: e.schema, node: e.node, validate: exports.VALIDATORS![i]! }));
}
