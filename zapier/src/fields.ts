import { ANY_EVENT, findEvent, relayEventFields, type EventField, type PlatformId } from '../../shared';

/** Zapier's nested-key separator; line items (arrays of objects) use `parent[]child`. */
const SEP = '__';
const MAX_DEPTH = 5;

type ZapierType = 'string' | 'integer' | 'number' | 'boolean' | 'datetime';
const ZAPIER_TYPES: Partial<Record<EventField['type'], ZapierType>> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
};

export interface OutputField {
  readonly key: string;
  readonly label: string;
  readonly type?: ZapierType;
  readonly list?: boolean;
  readonly children?: OutputField[];
}

function zapierType(field: EventField): ZapierType | undefined {
  return field.time === 'datetime' ? 'datetime' : ZAPIER_TYPES[field.type];
}

const labelOf = (path: readonly string[], field: EventField) =>
  path.length > 1
    ? `${path
        .slice(0, -1)
        .map((p) => p.replace(/_/g, ' '))
        .join(' › ')} › ${field.label}`
    : field.label;

/** Line-item children of an array of objects, keyed `parent[]child` as Zapier expects. */
function children(parentKey: string, fields: readonly EventField[]): OutputField[] {
  return fields.map((f) => ({
    key: `${parentKey}[]${f.name}`,
    label: f.label,
    ...(zapierType(f) ? { type: zapierType(f)! } : {}),
    ...(f.type === 'array' ? { list: true } : {}),
  }));
}

/** outputFields from the core's field projection: objects flattened to `parent__child`, dates as datetime. */
export function outputFields(platform: PlatformId, type: string): OutputField[] {
  const out: OutputField[] = [];
  const visit = (field: EventField) => {
    const path = field.path;
    if (field.type === 'object' && field.fields?.length && path.length < MAX_DEPTH) {
      field.fields.forEach(visit);
      if (!field.openKeys) return;
    }
    const key = path.join(SEP);
    if (field.type === 'array' && field.fields?.length) {
      out.push({ key, label: labelOf(path, field), children: children(key, field.fields) });
      return;
    }
    const t = zapierType(field);
    out.push({ key, label: labelOf(path, field), ...(t ? { type: t } : {}), ...(field.type === 'array' ? { list: true } : {}) });
  };
  relayEventFields(platform, type).forEach(visit);
  return out;
}

const MS_THRESHOLD = 1e12;

function isoOf(value: unknown): unknown {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return value;
  const date = new Date(value >= MS_THRESHOLD ? value : value * 1000);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function convert(value: unknown, fields: readonly EventField[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const f of fields) {
    const v = out[f.name];
    if (v === undefined || v === null) continue;
    if (f.time === 'datetime') out[f.name] = isoOf(v);
    else if (f.type === 'object' && f.fields) out[f.name] = convert(v, f.fields);
    else if (f.type === 'array' && f.fields && Array.isArray(v)) out[f.name] = v.map((item) => convert(item, f.fields!));
  }
  return out;
}

/**
 * The item as Zapier shows it: times the catalog marks as points in time (`EventField.time`) become ISO
 * 8601, as Zapier's datetime fields expect; unix seconds and milliseconds alike. Nothing else changes.
 */
export function withIsoTimes<T extends { platform: string; type: string }>(platform: PlatformId, event: T): T {
  const type = findEvent(platform, event.type) ? event.type : ANY_EVENT;
  return convert(event, relayEventFields(platform, type)) as T;
}
