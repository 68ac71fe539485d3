import { evaluate, executeRequest, ImlError, OMIT, processWebhook, renderIml } from '../../make/iml';
import { AUTHENTIC, webhookCommunication } from '../../make/webhooks';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

describe('the IML evaluator (the subset the generated Make apps use)', () => {
  const ctx = {
    body: {
      id: 'h1',
      n: 2,
      list: ['a', 'b'],
      sources: [
        { id: 's1', platform: 'iris' },
        { id: 's2', platform: 'modyo' },
      ],
    },
    connection: { relayUrl: 'http://x' },
    headers: { 'hookline-token': 'tok', 'x-empty': '' },
    parameters: { headers: [{ key: 'A', value: '1' }], url: '//events' },
  };

  it('paths: dotted, back-ticked, 1-based indexes; a missing root or key is empty, never an error', () => {
    expect(evaluate('body.id', ctx)).toBe('h1');
    expect(evaluate('headers.`hookline-token`', ctx)).toBe('tok');
    expect(evaluate('body.list[1]', ctx)).toBe('a');
    expect(evaluate('body.missing.deeper', ctx)).toBeUndefined();
    expect(evaluate('webhook.token', ctx)).toBeUndefined();
  });

  it('literals, =, !=, + and nesting', () => {
    expect(evaluate("'it' + 's'", ctx)).toBe('its');
    expect(evaluate('body.n + 1', ctx)).toBe(3);
    expect(evaluate("body.id = 'h1'", ctx)).toBe(true);
    expect(evaluate("body.id != 'h1'", ctx)).toBe(false);
    expect(evaluate('(body.n = 2)', ctx)).toBe(true);
    // Two empty values are equal, an empty and a value are not.
    expect(evaluate('headers.`x-empty` = body.missing', ctx)).toBe(true);
    expect(evaluate('headers.`hookline-token` = body.missing', ctx)).toBe(false);
  });

  it('functions: if, ifempty, toCollection, replace (with a /regex/)', () => {
    expect(evaluate("if(body.id, 'yes', 'no')", ctx)).toBe('yes');
    expect(evaluate("if(body.missing, 'yes', 'no')", ctx)).toBe('no');
    expect(evaluate('if(false, 1, if(true, 2, 3))', ctx)).toBe(2);
    expect(evaluate("ifempty(body.missing, 'fallback')", ctx)).toBe('fallback');
    expect(evaluate("ifempty(body.id, 'fallback')", ctx)).toBe('h1');
    expect(evaluate("toCollection(parameters.headers, 'key', 'value')", ctx)).toEqual({ A: '1' });
    expect(evaluate("replace(parameters.url, '/^[/]+/', emptystring)", ctx)).toBe('events');
    expect(evaluate("replace('a.b', '.', '-')", ctx)).toBe('a-b');
  });

  it('templates: one expression keeps its type, mixed text interpolates, omit removes the key', () => {
    expect(renderIml('{{body}}', ctx)).toEqual(ctx.body);
    expect(renderIml({ u: '{{connection.relayUrl}}/hooks/{{body.id}}', n: '{{body.n}}' }, ctx)).toEqual({ u: 'http://x/hooks/h1', n: 2 });
    expect(renderIml({ keep: 1, drop: '{{ifempty(body.missing, omit)}}', list: ['{{omit}}', 'x'] }, ctx)).toEqual({ keep: 1, list: ['x'] });
    expect(evaluate('omit', ctx)).toBe(OMIT);
  });

  it('refuses what it does not implement instead of guessing', () => {
    expect(() => evaluate('formatDate(now, "YYYY")', ctx)).toThrow(ImlError);
    expect(() => evaluate('body.id * 2', ctx)).toThrow(ImlError);
    expect(() => evaluate("'open", ctx)).toThrow(ImlError);
    expect(() => evaluate('if(body.id', ctx)).toThrow(ImlError);
  });

  it('the webhook check: the token attach stored must match the header; no stored token refuses everything', () => {
    const api = webhookCommunication();
    const relayed = { body: { id: 'evt_1' }, headers: { 'hookline-token': 'hlt_abc' } };
    expect(processWebhook(api, relayed, { data: { token: 'hlt_abc' } })).toEqual({
      status: 200,
      body: { accepted: true },
      bundle: { id: 'evt_1' },
    });
    expect(processWebhook(api, relayed, { webhook: { token: 'hlt_abc' } })).toMatchObject({ status: 200, bundle: { id: 'evt_1' } });
    expect(processWebhook(api, relayed, { data: { token: 'hlt_other' } })).toEqual({ status: 401, body: { accepted: false } });
    expect(processWebhook(api, { body: {}, headers: {} }, { data: { token: 'hlt_abc' } })).toMatchObject({ status: 401 });
    expect(processWebhook(api, { body: {}, headers: {} }, {})).toMatchObject({ status: 401 });
    expect(processWebhook(api, relayed, { data: { token: '' } })).toMatchObject({ status: 401 });
    expect(evaluate(AUTHENTIC, { headers: {}, data: {} })).toBe(false);
  });

  it('requests: base URL and headers merged, iterate with a condition, status-specific errors', async () => {
    const server = createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer k')
        return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"no"}}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, sources: ctx.body.sources }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const base = {
      baseUrl: '{{connection.relayUrl}}',
      headers: { Authorization: 'Bearer {{connection.apiKey}}' },
      response: { error: { message: '[{{statusCode}}] {{body.error.message}}', '401': { message: 'key refused' } } },
    };
    try {
      const rpc = {
        url: '/sources',
        qs: { limit: 5, skip: '{{omit}}' },
        response: { iterate: { container: '{{body.sources}}', condition: "{{item.platform = 'iris'}}" }, output: { value: '{{item.id}}' } },
      };
      const ok = await executeRequest(rpc, base, { connection: { relayUrl: url, apiKey: 'k' } });
      expect(ok.output).toEqual([{ value: 's1' }]);
      expect((ok.body as { path: string }).path).toBe('/sources?limit=5');
      await expect(executeRequest(rpc, base, { connection: { relayUrl: url, apiKey: 'bad' } })).rejects.toThrow('key refused');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
