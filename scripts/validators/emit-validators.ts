/**
 * Emits TypeScript validators from SchemaNodes: one boolean function per distinct object, array, record,
 * discriminated union or recursive schema (shared shapes are emitted once), leaf checks inlined as
 * expressions. The emitted code is plain statements: no Function, no eval, nothing compiled at run time.
 */
import type { Literal, NumberCheck, SchemaNode, StringCheck } from '../../shared/validators/schema-ir';

/** Literal sets larger than this become a Set constant instead of a chain of ===. */
const INLINE_LITERALS = 6;

const isIdentifier = (key: string) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key);
const prop = (object: string, key: string) => (isIdentifier(key) ? `${object}.${key}` : `${object}[${JSON.stringify(key)}]`);

function literalCode(value: Literal): string {
  if (value !== null && typeof value === 'object') return 'undefined';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  return JSON.stringify(value);
}

function numberCode(value: number): string {
  if (value === Number.MAX_SAFE_INTEGER) return 'Number.MAX_SAFE_INTEGER';
  if (value === Number.MIN_SAFE_INTEGER) return 'Number.MIN_SAFE_INTEGER';
  if (value === Number.MAX_VALUE) return 'Number.MAX_VALUE';
  if (value === -Number.MAX_VALUE) return '-Number.MAX_VALUE';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

/** Whether the expression is one parenthesised group or one call, so `!` can prefix it without parentheses. */
function isAtomic(expr: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (--depth === 0 && i < expr.length - 1) return false;
    } else if (depth === 0 && !/[A-Za-z0-9_$.]/.test(c)) return false;
  }
  return expr.endsWith(')');
}

const not = (expr: string) => (isAtomic(expr) ? `!${expr}` : `!(${expr})`);

export class ValidatorEmitter {
  private readonly constants: string[] = [];
  private readonly functions: string[] = [];
  private readonly functionByNode = new Map<string, string>();
  private readonly lazyNames = new Map<number, string>();
  private readonly patternByKey = new Map<string, string>();
  private readonly setByKey = new Map<string, string>();
  private usesPlainRecord = false;
  private tree = 0;

  /** The name of a function accepting exactly what a top-level schema's node accepts. */
  validatorFor(node: SchemaNode): string {
    this.tree++;
    this.lazyNames.clear();
    return this.functionFor(node);
  }

  /** The name of a function `(v: any) => boolean` accepting exactly what the node accepts. */
  private functionFor(node: SchemaNode): string {
    if (node.kind === 'ref') return this.lazyNames.get(node.id)!;
    let key = JSON.stringify(node);
    // A subtree that refers to an enclosing lazy schema means something only inside its own tree.
    if (key.includes('"kind":"ref"')) key = `${this.tree}:${key}`;
    const known = this.functionByNode.get(key);
    if (known) return known;
    const name = `v${this.functionByNode.size}`;
    this.functionByNode.set(key, name);
    if (node.kind === 'lazy') this.lazyNames.set(node.id, name);
    const body = this.body(node);
    this.functions.push(`function ${name}(v: any): boolean {\n${body.map((line) => `  ${line}`).join('\n')}\n}`);
    return name;
  }

  /** The module text: constants, helpers, functions, then `footer` (which refers to the functions). */
  source(banner: string, footer: string): string {
    const helpers = this.usesPlainRecord
      ? [
          "/** zod's record test: an object that is not an array, whose constructor (if any) has an ordinary prototype. */",
          'function isPlainRecord(v: any): boolean {',
          "  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;",
          '  const ctor = v.constructor;',
          '  if (ctor === undefined) return true;',
          '  if (ctor === null) return false; // zod throws here; its issue step reports that as a rejection',
          '  const proto = ctor.prototype;',
          "  return typeof proto === 'object' && proto !== null && !Array.isArray(proto) && Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');",
          '}',
        ]
      : [];
    return [
      banner,
      '',
      ...this.constants,
      ...(this.constants.length ? [''] : []),
      ...helpers,
      ...(helpers.length ? [''] : []),
      this.functions.join('\n\n'),
      '',
      footer,
      '',
    ].join('\n');
  }

  private pattern(source: string, flags: string): string {
    const key = `/${source}/${flags}`;
    let name = this.patternByKey.get(key);
    if (!name) {
      name = `P${this.patternByKey.size}`;
      this.patternByKey.set(key, name);
      this.constants.push(`const ${name} = new RegExp(${JSON.stringify(source)}, ${JSON.stringify(flags)});`);
    }
    return name;
  }

  private literalSet(values: readonly Literal[]): string {
    const key = JSON.stringify(values);
    let name = this.setByKey.get(key);
    if (!name) {
      name = `S${this.setByKey.size}`;
      this.setByKey.set(key, name);
      this.constants.push(`const ${name} = new Set<unknown>([${values.map(literalCode).join(', ')}]);`);
    }
    return name;
  }

  private stringCheck(check: StringCheck, x: string): string {
    switch (check.check) {
      case 'min_length':
        return `${x}.length >= ${check.value}`;
      case 'max_length':
        return `${x}.length <= ${check.value}`;
      case 'length_equals':
        return `${x}.length === ${check.value}`;
      case 'pattern': {
        const p = this.pattern(check.source, check.flags);
        return /[gy]/.test(check.flags) ? `((${p}.lastIndex = 0), ${p}.test(${x}))` : `${p}.test(${x})`;
      }
      case 'includes':
        return `${x}.includes(${JSON.stringify(check.value)}${check.position === undefined ? '' : `, ${check.position}`})`;
      case 'starts_with':
        return `${x}.startsWith(${JSON.stringify(check.value)})`;
      case 'ends_with':
        return `${x}.endsWith(${JSON.stringify(check.value)})`;
    }
  }

  private numberCheck(check: NumberCheck, x: string): string[] {
    switch (check.check) {
      case 'gt':
        return [`${x} > ${numberCode(check.value)}`];
      case 'gte':
        return [`${x} >= ${numberCode(check.value)}`];
      case 'lt':
        return [`${x} < ${numberCode(check.value)}`];
      case 'lte':
        return [`${x} <= ${numberCode(check.value)}`];
      case 'format': {
        const bounds = [`${x} >= ${numberCode(check.min)}`, `${x} <= ${numberCode(check.max)}`];
        if (!check.integer) return bounds;
        // A safe integer is within ±MAX_SAFE_INTEGER already: only narrower formats add bounds.
        return check.min === Number.MIN_SAFE_INTEGER && check.max === Number.MAX_SAFE_INTEGER
          ? [`Number.isSafeInteger(${x})`]
          : [`Number.isSafeInteger(${x})`, ...bounds];
      }
    }
  }

  /** A boolean expression over the identifier `x` accepting exactly what the node accepts. */
  expression(node: SchemaNode, x: string): string {
    switch (node.kind) {
      case 'string':
        return [`typeof ${x} === 'string'`, ...node.checks.map((c) => this.stringCheck(c, x))].join(' && ');
      case 'number': {
        const checks = node.checks.flatMap((c) => this.numberCheck(c, x));
        // Number.isSafeInteger implies a finite number; otherwise zod's number test comes first.
        const base = checks[0]?.startsWith('Number.isSafeInteger') ? [] : [`typeof ${x} === 'number'`, `Number.isFinite(${x})`];
        return [...base, ...checks].join(' && ');
      }
      case 'boolean':
        return `typeof ${x} === 'boolean'`;
      case 'null':
        return `${x} === null`;
      case 'undefined':
        return `${x} === undefined`;
      case 'any':
        return 'true';
      case 'never':
        return 'false';
      case 'literal':
        if (node.values.length === 0) return 'false';
        if (node.values.length > INLINE_LITERALS) return `${this.literalSet(node.values)}.has(${x})`;
        return `(${node.values.map((v) => `${x} === ${literalCode(v)}`).join(' || ')})`;
      case 'optional':
        return `(${x} === undefined || ${this.expression(node.inner, x)})`;
      case 'nullable':
        return `(${x} === null || ${this.expression(node.inner, x)})`;
      case 'nonoptional':
        return `(${x} !== undefined && ${this.expression(node.inner, x)})`;
      case 'union':
        return node.options.length === 0 ? 'false' : `(${node.options.map((o) => this.expression(o, x)).join(' || ')})`;
      case 'intersection':
        return `(${this.expression(node.left, x)} && ${this.expression(node.right, x)})`;
      case 'record':
        if (!node.exhaustiveKeys && node.key.kind === 'string' && node.key.checks.length === 0 && node.value.kind === 'any') {
          this.usesPlainRecord = true;
          return `isPlainRecord(${x})`;
        }
        return `${this.functionFor(node)}(${x})`;
      case 'object':
      case 'array':
      case 'discriminated':
      case 'lazy':
      case 'ref':
        return `${this.functionFor(node)}(${x})`;
    }
  }

  private body(node: SchemaNode): string[] {
    switch (node.kind) {
      case 'object':
        return this.objectBody(node);
      case 'record':
        return this.recordBody(node);
      case 'array': {
        const lines = ['if (!Array.isArray(v)) return false;'];
        for (const check of node.checks) lines.push(`if (${not(this.stringCheck(check, 'v'))}) return false;`);
        const element = this.expression(node.element, 'x');
        if (element !== 'true')
          lines.push('for (let i = 0; i < v.length; i++) {', '  const x = v[i];', `  if (${not(element)}) return false;`, '}');
        lines.push('return true;');
        return lines;
      }
      case 'discriminated': {
        const lines = [
          "if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;",
          `switch (${prop('v', node.discriminator)}) {`,
        ];
        for (const c of node.cases) {
          for (const value of c.values) lines.push(`  case ${literalCode(value)}:`);
          lines.push(`    return ${this.expression(c.option, 'v')};`);
        }
        const fallback = node.fallback ? this.expression({ kind: 'union', options: node.fallback }, 'v') : 'false';
        lines.push('  default:', `    return ${fallback};`, '}');
        return lines;
      }
      case 'lazy':
        return [`return ${this.expression(node.inner, 'v')};`];
      default:
        return [`return ${this.expression(node, 'v')};`];
    }
  }

  private objectBody(node: Extract<SchemaNode, { kind: 'object' }>): string[] {
    const lines = ["if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;"];
    const checks: string[] = [];
    for (const field of node.fields) {
      let check = this.expression(field.node, 'x');
      if (check === 'true') continue;
      if (field.optional && field.node.kind !== 'optional') check = `x === undefined || ${check}`;
      checks.push(`x = ${prop('v', field.key)};`, `if (${not(check)}) return false;`);
    }
    if (checks.length) lines.push('let x: any;', ...checks);
    if (node.catchall) {
      const known = this.literalSet(node.fields.map((f) => f.key));
      const extra = this.expression(node.catchall, 'x');
      if (extra === 'false') lines.push(`for (const k of Object.keys(v)) if (!${known}.has(k)) return false;`);
      else if (extra !== 'true') {
        if (!checks.length) lines.push('let x: any;');
        lines.push(
          'for (const k of Object.keys(v)) {',
          `  if (${known}.has(k)) continue;`,
          '  x = v[k];',
          `  if (${not(extra)}) return false;`,
          '}',
        );
      }
    }
    lines.push('return true;');
    return lines;
  }

  private recordBody(node: Extract<SchemaNode, { kind: 'record' }>): string[] {
    this.usesPlainRecord = true;
    const lines = ['if (!isPlainRecord(v)) return false;'];
    const value = this.expression(node.value, 'x');
    if (node.exhaustiveKeys) {
      for (const key of node.exhaustiveKeys) lines.push(`{ const x = ${prop('v', key)}; if (${not(value)}) return false; }`);
      const known = this.literalSet(node.exhaustiveKeys);
      lines.push(`for (const k in v) if (!${known}.has(k)) return false;`, 'return true;');
      return lines;
    }
    const key = this.expression(node.key, 'k');
    // zod's record skips a literal "__proto__" key and checks every other own key, then its value.
    const keyCheck = key === "typeof k === 'string'" ? [] : [`  if (${not(key)}) return false;`];
    if (keyCheck.length || value !== 'true') {
      lines.push('for (const k of Reflect.ownKeys(v)) {', "  if (k === '__proto__') continue;", ...keyCheck);
      if (value !== 'true') lines.push('  const x = v[k];', `  if (${not(value)}) return false;`);
      lines.push('}');
    }
    lines.push('return true;');
    return lines;
  }
}
