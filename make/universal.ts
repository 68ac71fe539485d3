import type { Sections } from './model';

/**
 * Make's universal module ("Make an API Call") against the relay. The path is always relative to the
 * connection's relay URL (a leading `/` is added), so the key never leaves for another host whatever is
 * typed. The relay's API needs no headers beyond the Authorization base adds, and its query parameters
 * fit in the path, so there are no header and query-string lists (Make's editor schema takes only
 * objects there, not the `toCollection()` of a list).
 */
export function universalSections(): Sections {
  return {
    api: {
      url: "/{{replace(parameters.url, '/^[/]+/', emptystring)}}",
      method: '{{parameters.method}}',
      body: '{{parameters.body}}',
      type: 'json',
      response: { output: { body: '{{body}}', headers: '{{headers}}', statusCode: '{{statusCode}}' } },
    },
    parameters: [],
    expect: [
      {
        name: 'url',
        label: 'URL',
        type: 'text',
        required: true,
        help: 'A path of the relay API, relative to the relay URL of the connection, with its query string, e.g. `/events?limit=5` or `/sources`. The subscriber key is sent for you. The relay describes its API at `/openapi.json`.',
      },
      {
        name: 'method',
        label: 'Method',
        type: 'select',
        required: true,
        default: 'GET',
        options: ['GET', 'POST', 'DELETE'].map((m) => ({ label: m, value: m })),
      },
      { name: 'body', label: 'Body', type: 'any', help: 'A JSON body for POST requests.' },
    ],
    interface: [
      { name: 'body', label: 'Body', type: 'any' },
      { name: 'headers', label: 'Headers', type: 'collection' },
      { name: 'statusCode', label: 'Status Code', type: 'number' },
    ],
    samples: { body: { events: [] }, headers: { 'content-type': 'application/json; charset=utf-8' }, statusCode: 200 },
    scope: [],
  };
}
