/**
 * A small evaluator of Make's IML for the subset these apps use, so tests can run the generated attach,
 * detach, RPC, universal-module and webhook sections the way Make does (developers.make.com, "IML" and
 * "Webhooks"): `{{…}}` expressions with paths (`a.b`, back-ticked `` headers.`hookline-token` ``, `[n]`
 * 1-based), string/number/boolean literals, `=` / `!=`, `+`, the keywords `omit` and `emptystring`, and
 * the functions `if`, `ifempty`, `toCollection`, `replace`. A template that is exactly one expression
 * yields the raw value (`"output": "{{body}}"`); otherwise values are interpolated as text. Anything else
 * is rejected rather than guessed.
 */
export class ImlError extends Error {}

type Value = unknown;
export type ImlContext = Record<string, unknown>;

/** Make's `omit`: the key holding it is left out of the object. */
export const OMIT: unique symbol = Symbol('omit');

type Token = { kind: 'num' | 'str' | 'id' | 'tick' | 'op'; text: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        text += src[j++];
      }
      if (j >= src.length) throw new ImlError(`Unterminated string in "${src}"`);
      tokens.push({ kind: 'str', text });
      i = j + 1;
    } else if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) throw new ImlError(`Unterminated back-tick in "${src}"`);
      tokens.push({ kind: 'tick', text: src.slice(i + 1, j) });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?/.exec(src.slice(i))!;
      tokens.push({ kind: 'num', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(src.slice(i))!;
      tokens.push({ kind: 'id', text: m[0] });
      i += m[0].length;
    } else if (src.startsWith('!=', i)) {
      tokens.push({ kind: 'op', text: '!=' });
      i += 2;
    } else if ('=+(),.[]'.includes(c)) {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else {
      throw new ImlError(`Unsupported IML syntax "${c}" in "{{${src}}}"`);
    }
  }
  return tokens;
}

const isEmpty = (v: Value) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const truthy = (v: Value) => !isEmpty(v) && v !== false && v !== 0;

/** `/pattern/flags` as Make's replace takes a regular expression; anything else is a literal. */
function pattern(text: string): RegExp | string {
  const m = /^\/(.+)\/([gimsuy]*)$/.exec(text);
  return m ? new RegExp(m[1]!, m[2]) : text;
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  if: ([cond, a, b]) => (truthy(cond) ? a : b),
  ifempty: ([a, b]) => (isEmpty(a) ? b : a),
  toCollection: ([list, key, value]) =>
    Array.isArray(list)
      ? Object.fromEntries(
          list
            .filter((x) => x && typeof x === 'object')
            .map((x) => [String((x as Record<string, unknown>)[String(key)]), (x as Record<string, unknown>)[String(value)]]),
        )
      : {},
  replace: ([text, what, by]) => (isEmpty(text) ? text : String(text).replace(pattern(String(what)), String(by ?? ''))),
};

function equal(a: Value, b: Value): boolean {
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) && isEmpty(b);
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly context: ImlContext,
    private readonly src: string,
  ) {}

  parse(): Value {
    const value = this.comparison();
    if (this.pos < this.tokens.length) throw new ImlError(`Unexpected "${this.tokens[this.pos]!.text}" in "{{${this.src}}}"`);
    return value;
  }

  private peek(text?: string): Token | undefined {
    const t = this.tokens[this.pos];
    return text === undefined || t?.text === text ? t : undefined;
  }

  private expect(text: string): void {
    if (!this.peek(text)) throw new ImlError(`Expected "${text}" in "{{${this.src}}}"`);
    this.pos++;
  }

  private comparison(): Value {
    const left = this.sum();
    const op = this.peek('=') ?? this.peek('!=');
    if (!op) return left;
    this.pos++;
    const right = this.sum();
    return op.text === '=' ? equal(left, right) : !equal(left, right);
  }

  private sum(): Value {
    let value = this.primary();
    while (this.peek('+')) {
      this.pos++;
      const right = this.primary();
      value = typeof value === 'number' && typeof right === 'number' ? value + right : `${value ?? ''}${right ?? ''}`;
    }
    return value;
  }

  private primary(): Value {
    const t = this.tokens[this.pos++];
    if (!t) throw new ImlError(`Unexpected end of "{{${this.src}}}"`);
    if (t.kind === 'num') return Number(t.text);
    if (t.kind === 'str') return t.text;
    if (t.kind === 'op' && t.text === '(') {
      const v = this.comparison();
      this.expect(')');
      return v;
    }
    if (t.kind === 'id' && this.peek('(')) {
      const fn = FUNCTIONS[t.text];
      if (!fn) throw new ImlError(`Unsupported IML function ${t.text}() in "{{${this.src}}}"`);
      this.pos++;
      const args: Value[] = [];
      if (!this.peek(')')) {
        args.push(this.comparison());
        while (this.peek(',')) {
          this.pos++;
          args.push(this.comparison());
        }
      }
      this.expect(')');
      return fn(args);
    }
    if (t.kind === 'id') {
      if (t.text === 'true') return true;
      if (t.text === 'false') return false;
      if (t.text === 'null') return null;
      if (t.text === 'omit') return OMIT;
      if (t.text === 'emptystring') return '';
    }
    if (t.kind !== 'id' && t.kind !== 'tick') throw new ImlError(`Unexpected "${t.text}" in "{{${this.src}}}"`);
    return this.path(this.context[t.text]);
  }

  private path(start: Value): Value {
    let value = start;
    for (;;) {
      if (this.peek('.')) {
        this.pos++;
        const seg = this.tokens[this.pos++];
        if (!seg || (seg.kind !== 'id' && seg.kind !== 'tick')) throw new ImlError(`Expected a name after "." in "{{${this.src}}}"`);
        value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[seg.text] : undefined;
      } else if (this.peek('[')) {
        this.pos++;
        const index = this.comparison();
        this.expect(']');
        // IML arrays are 1-based.
        value =
          Array.isArray(value) && typeof index === 'number'
            ? value[index - 1]
            : value && typeof value === 'object'
              ? (value as Record<string, unknown>)[String(index)]
              : undefined;
      } else {
        return value;
      }
    }
  }
}

export function evaluate(expression: string, context: ImlContext): Value {
  return new Parser(tokenize(expression), context, expression).parse();
}

const EXPRESSION = /\{\{([\s\S]*?)\}\}/g;

export function renderIml(template: unknown, context: ImlContext): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{([\s\S]*?)\}\}$/.exec(template);
    if (whole && !whole[1]!.includes('{{')) return evaluate(whole[1]!, context);
    return template.replace(EXPRESSION, (_, expr: string) => {
      const value = evaluate(expr, context);
      return value === undefined || value === null || value === OMIT
        ? ''
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
    });
  }
  if (Array.isArray(template)) return template.map((item) => renderIml(item, context)).filter((v) => v !== OMIT);
  if (template && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) {
      const value = renderIml(v, context);
      if (value !== OMIT) out[k] = value;
    }
    return out;
  }
  return template;
}

interface ErrorSpec {
  message?: string;
  [status: string]: { message?: string } | string | undefined;
}

interface RequestSpec {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  qs?: Record<string, unknown>;
  body?: unknown;
  response?: {
    data?: unknown;
    metadata?: unknown;
    output?: unknown;
    iterate?: string | { container: string; condition?: string | boolean };
    error?: ErrorSpec;
  };
}

interface BaseSpec {
  baseUrl?: string;
  headers?: Record<string, string>;
  qs?: Record<string, unknown>;
  response?: { error?: ErrorSpec };
}

export interface ExecutedRequest {
  readonly url: string;
  readonly method: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** The rendered `response.data` (attach's value becomes the `webhook` variable of detach). */
  readonly data: unknown;
  /** The rendered `response.metadata` (a connection's label). */
  readonly metadata: unknown;
  /** The rendered `response.output`: one value, or one per item when `response.iterate` is set. */
  readonly output: unknown;
}

/** The error message Make shows: the section's own `response.error`, else base's; a status-specific one first. */
function errorMessage(specs: readonly (ErrorSpec | undefined)[], status: number, context: ImlContext): string {
  for (const spec of specs) {
    if (!spec) continue;
    const byStatus = spec[String(status)];
    const template = typeof byStatus === 'object' && byStatus?.message ? byStatus.message : spec.message;
    if (template) return String(renderIml(template, context));
  }
  return `HTTP ${status}`;
}

/** Executes a Make request section (connection api, attach, detach, RPC, module api) merged with `base`. */
export async function executeRequest(
  spec: unknown,
  base: unknown,
  context: ImlContext,
  doFetch: typeof fetch = fetch,
): Promise<ExecutedRequest> {
  const raw = spec as RequestSpec;
  const request = renderIml({ url: raw.url, method: raw.method, headers: raw.headers, qs: raw.qs, body: raw.body }, context) as RequestSpec;
  const merged = renderIml(
    { baseUrl: (base as BaseSpec | undefined)?.baseUrl, headers: (base as BaseSpec | undefined)?.headers },
    context,
  ) as BaseSpec;
  let url = /^https?:\/\//.test(request.url) ? request.url : `${merged.baseUrl ?? ''}${request.url}`;
  const qs = Object.entries(request.qs ?? {}).filter(([, v]) => !isEmpty(v));
  if (qs.length) url += `${url.includes('?') ? '&' : '?'}${new URLSearchParams(qs.map(([k, v]) => [k, String(v)])).toString()}`;
  const method = String(request.method || 'GET').toUpperCase();
  const headers: Record<string, string> = { ...merged.headers, ...request.headers };
  const init: RequestInit = { method, headers };
  if (request.body !== undefined && method !== 'GET') {
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
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, key) => (responseHeaders[key] = value));
  const responseContext = { ...context, body, headers: responseHeaders, statusCode: response.status };
  if (!response.ok)
    throw new ImlError(
      errorMessage([raw.response?.error, (base as BaseSpec | undefined)?.response?.error], response.status, responseContext),
    );
  const render = (t: unknown, ctx: ImlContext = responseContext) => (t === undefined ? undefined : renderIml(t, ctx));
  let output: unknown = render(raw.response?.output);
  const iterate = raw.response?.iterate;
  if (iterate !== undefined) {
    const container = render(typeof iterate === 'string' ? iterate : iterate.container);
    const condition = typeof iterate === 'object' ? iterate.condition : undefined;
    const items = Array.isArray(container) ? container : [];
    output = items
      .filter((item) => condition === undefined || truthy(renderIml(condition, { ...responseContext, item })))
      .map((item) => (raw.response?.output === undefined ? item : renderIml(raw.response.output, { ...responseContext, item })));
  }
  return {
    url,
    method,
    status: response.status,
    headers: responseHeaders,
    body,
    data: render(raw.response?.data),
    metadata: render(raw.response?.metadata),
    output,
  };
}

/** An incoming request as a Make webhook sees it. */
export interface WebhookRequest {
  readonly body: unknown;
  readonly headers: Record<string, unknown>;
  readonly query?: Record<string, unknown>;
  readonly method?: string;
}

export interface WebhookResult {
  readonly status: number;
  readonly body: unknown;
  /** The bundle the instant trigger outputs; absent when `condition` refused the request. */
  readonly bundle?: unknown;
}

/**
 * What a Make webhook does with one request, per its communication section: `condition` decides whether
 * it runs the scenario (a bundle from `output`), `respond` is what the sender gets back. `state` is what
 * the webhook itself holds (its `parameters`, and the collection attach's `response.data` stored).
 */
export function processWebhook(api: unknown, request: WebhookRequest, state: ImlContext): WebhookResult {
  const spec = api as { condition?: unknown; respond?: { status?: unknown; body?: unknown }; output?: unknown };
  const context: ImlContext = {
    ...state,
    body: request.body,
    headers: request.headers,
    query: request.query ?? {},
    method: request.method ?? 'POST',
  };
  const accepted = spec.condition === undefined || truthy(renderIml(spec.condition, context));
  const respond = (spec.respond ? renderIml(spec.respond, context) : {}) as { status?: unknown; body?: unknown };
  const status = respond.status === undefined ? 200 : Number(respond.status);
  return {
    status,
    body: respond.body ?? 'Accepted',
    ...(accepted ? { bundle: spec.output === undefined ? request.body : renderIml(spec.output, context) } : {}),
  };
}
