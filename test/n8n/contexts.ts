/**
 * Hand-built n8n function contexts, as n8n's own trigger tests build them (n8n's test harness is not
 * published). HTTP goes to real loopback servers through fetch, the way n8n's httpRequest helper would.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IHookFunctions, ILoadOptionsFunctions, IWebhookFunctions } from 'n8n-workflow';

export interface LoggedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  meta?: unknown;
}

export function logger(lines: LoggedLine[]) {
  const at = (level: LoggedLine['level']) => (message: string, meta?: unknown) => void lines.push({ level, message, meta });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** n8n's getNodeParameter: the saved value, else the fallback; with neither it throws, as n8n does. */
const parameterGetter = (params: Record<string, unknown>) => (name: string, fallback?: unknown) => {
  if (name in params) return params[name];
  if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
  return fallback;
};

async function httpRequest(req: { method: string; url: string; headers: Record<string, string>; body?: unknown }) {
  const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
  const res = await fetch(req.url, { method: req.method, headers: { 'content-type': 'application/json', ...req.headers }, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { statusCode: res.status, body: parsed };
}

export interface WebhookCall {
  params: Record<string, unknown>;
  request: { headers: Record<string, string>; body: string };
  credentials?: Record<string, unknown>;
  staticData?: Record<string, unknown>;
  mode?: 'manual' | 'webhook';
  lines?: LoggedLine[];
}

export function webhookContext(call: WebhookCall) {
  const response = {
    statusCode: 0,
    body: undefined as unknown,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(b: unknown) {
      this.body = b;
      return this;
    },
    end() {
      return this;
    },
  };
  const credentialReads: string[] = [];
  const ctx = {
    getRequestObject: () => ({
      headers: call.request.headers,
      rawBody: undefined as Buffer | undefined,
      async readRawBody() {
        this.rawBody = Buffer.from(call.request.body);
      },
    }),
    getResponseObject: () => response,
    getNodeParameter: parameterGetter(call.params),
    getNode: () => ({ name: 'Trigger', parameters: call.params }),
    getWorkflow: () => ({ id: 'wf1', name: 'Test' }),
    getMode: () => call.mode ?? 'webhook',
    getCredentials: async (name: string) => {
      credentialReads.push(name);
      if (!call.credentials) throw new Error(`no credential ${name}`);
      return call.credentials;
    },
    getWorkflowStaticData: () => call.staticData ?? {},
    logger: logger(call.lines ?? []),
    helpers: { returnJsonArray: (items: object[]) => items.map((json) => ({ json })) },
  } as unknown as IWebhookFunctions;
  return { ctx, response, credentialReads };
}

export interface HookCall {
  params: Record<string, unknown>;
  credentials: Record<string, unknown>;
  staticData: Record<string, unknown>;
  url?: string;
  lines?: LoggedLine[];
}

export function hookContext(call: HookCall): IHookFunctions & ILoadOptionsFunctions {
  return {
    getNodeParameter: parameterGetter(call.params),
    getWorkflowStaticData: () => call.staticData,
    getNodeWebhookUrl: () => call.url ?? 'https://n8n.example.com/webhook/4b1c7a52-cw/webhook',
    getWorkflow: () => ({ id: 'wf1', name: 'Chatwoot' }),
    getNode: () => ({ name: 'Intertel Conversa Trigger', parameters: call.params }),
    getCredentials: async () => call.credentials,
    logger: logger(call.lines ?? []),
    helpers: { httpRequest },
  } as unknown as IHookFunctions & ILoadOptionsFunctions;
}

/** A loopback HTTP server handing each request (headers, raw body) to `handle`, which returns the status. */
export async function startReceiver(handle: (request: { headers: Record<string, string>; body: string }) => Promise<number>) {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
    res.statusCode = await handle({ headers, body: Buffer.concat(chunks).toString('utf8') });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
