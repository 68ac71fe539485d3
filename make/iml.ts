/**
 * A small IML template renderer for the expressions this generator emits: `{{a.b.c}}` path lookups
 * (with back-ticked segments). A template that is exactly one expression yields the raw value (as Make
 * does for `"output": "{{body}}"`); otherwise values are interpolated as text. Anything else (function
 * calls, operators) is rejected rather than guessed.
 */
const EXPRESSION = /\{\{(.*?)\}\}/g;
const PATH = /^\s*([A-Za-z_$][\w$]*|`[^`]+`)(\.([A-Za-z_$][\w$]*|`[^`]+`))*\s*$/;

export class ImlError extends Error {}

function lookup(expr: string, context: Record<string, unknown>): unknown {
  if (!PATH.test(expr)) throw new ImlError(`Unsupported IML expression "{{${expr}}}"`);
  const segments = expr.trim().match(/`[^`]+`|[^.`]+/g) ?? [];
  let value: unknown = context;
  for (const raw of segments) {
    const key = raw.startsWith('`') ? raw.slice(1, -1) : raw;
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function renderIml(template: unknown, context: Record<string, unknown>): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{(.*?)\}\}$/.exec(template);
    if (whole && !template.slice(2, -2).includes('{{')) return lookup(whole[1]!, context);
    return template.replace(EXPRESSION, (_, expr: string) => {
      const value = lookup(expr, context);
      return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    });
  }
  if (Array.isArray(template)) return template.map((item) => renderIml(item, context));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, renderIml(v, context)]));
  }
  return template;
}

interface RequestSpec {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  response?: { data?: unknown };
}

interface BaseSpec {
  baseUrl?: string;
  headers?: Record<string, string>;
  response?: { error?: { message?: string } };
}

export interface ExecutedRequest {
  readonly url: string;
  readonly method: string;
  readonly status: number;
  readonly body: unknown;
  /** The rendered `response.data` (attach's value becomes the `webhook` variable of detach). */
  readonly data: unknown;
}

/** Executes a Make request spec (attach/detach/connection api) the way Make merges it with `base`. */
export async function executeRequest(spec: unknown, base: unknown, context: Record<string, unknown>, doFetch: typeof fetch = fetch): Promise<ExecutedRequest> {
  const request = renderIml(spec, context) as RequestSpec;
  const merged = renderIml(base ?? {}, context) as BaseSpec;
  const url = /^https?:\/\//.test(request.url) ? request.url : `${merged.baseUrl ?? ''}${request.url}`;
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { ...merged.headers, ...request.headers };
  const init: RequestInit = { method, headers };
  if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(request.body);
  }
  const response = await doFetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  const responseContext = { ...context, body, statusCode: response.status };
  if (!response.ok) {
    const template = (base as BaseSpec | undefined)?.response?.error?.message;
    throw new ImlError(template ? String(renderIml(template, responseContext)) : `HTTP ${response.status}`);
  }
  const data = request.response?.data === undefined ? undefined : renderIml((spec as RequestSpec).response!.data, responseContext);
  return { url, method, status: response.status, body, data };
}
