import type { EventField } from '../shared';

/** One Make parameter as used in an `interface` section (only name, label, type, spec matter there). */
export interface MakeParam {
  name?: string;
  label?: string;
  type: MakeType;
  spec?: MakeParam | MakeParam[];
}

export type MakeType =
  | 'text'
  | 'number'
  | 'integer'
  | 'uinteger'
  | 'boolean'
  | 'date'
  | 'email'
  | 'url'
  | 'uuid'
  | 'time'
  | 'collection'
  | 'array'
  | 'any';

const FORMAT_TYPES: Record<NonNullable<EventField['format']>, MakeType> = { email: 'email', uri: 'url', uuid: 'uuid' };

/** The Make type of a scalar field (Make has no enum in an interface: `select` is not allowed there). */
function scalarType(field: Pick<EventField, 'type' | 'time' | 'format'>): MakeType {
  switch (field.type) {
    case 'string':
      if (field.time) return 'date';
      return field.format ? FORMAT_TYPES[field.format] : 'text';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'any';
  }
}

function paramBody(field: EventField): MakeParam {
  if (field.type === 'object') return { type: 'collection', spec: interfaceFromFields(field.fields ?? []) };
  if (field.type === 'array') {
    // Make's "array of collections" form: spec is the list of the item's fields.
    if (field.fields) return { type: 'array', spec: interfaceFromFields(field.fields) };
    if (field.itemType && field.itemType !== 'any')
      return { type: 'array', spec: { label: 'Value', type: scalarType({ type: field.itemType }) } };
    return { type: 'array' };
  }
  return { type: scalarType(field) };
}

/** The core's field projection as a Make interface (collections, arrays with spec, dates, email/url). */
export function interfaceFromFields(fields: readonly EventField[]): MakeParam[] {
  return fields.map((f) => ({ name: f.name, label: f.label, ...paramBody(f) }));
}
