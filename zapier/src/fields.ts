/** Zapier outputFields and flat samples from an event's JSON Schema (nested keys `parent__child`). */
type Json = Record<string, unknown>;
export interface OutputField { key: string; label: string; type?: string; list?: boolean }

const TYPE_MAP: Record<string, string> = { string: 'string', number: 'number', integer: 'integer', boolean: 'boolean' };

export function humanLabel(key: string): string {
  return key.split('__').map((part) => part.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^\w/, (c) => c.toUpperCase())).join(' › ');
}

export function outputFieldsFromSchema(schema: Json | undefined, prefix = 'data', depth = 0): OutputField[] {
  const props = (schema?.properties ?? {}) as Record<string, Json>;
  const out: OutputField[] = [];
  for (const [name, prop] of Object.entries(props)) {
    const key = `${prefix}__${name}`;
    const type = Array.isArray(prop.type) ? (prop.type as string[]).find((t) => t !== 'null') : (prop.type as string | undefined);
    if (type === 'object' && prop.properties && depth < 4) out.push(...outputFieldsFromSchema(prop, key, depth + 1));
    else if (type === 'array') out.push({ key, label: humanLabel(key), list: true });
    else out.push({ key, label: humanLabel(key), ...(type && TYPE_MAP[type] ? { type: TYPE_MAP[type] } : {}) });
  }
  return out;
}
