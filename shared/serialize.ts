import type { BodySerializer } from './spec';

const RAILS_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** Serialises a payload exactly as the platform does; Rails' to_json escapes <, >, & and line separators. */
export function serializeBody(payload: unknown, serializer: BodySerializer): string {
  const json = JSON.stringify(payload);
  return serializer === 'rails-json' ? json.replace(/[<>&\u2028\u2029]/g, (c) => RAILS_ESCAPES[c]!) : json;
}
