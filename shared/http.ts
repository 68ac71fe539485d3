/** The HTTP transport the core's API clients take: n8n's `helpers.httpRequest`, Zapier's `z.request`, undici. */
export interface TransportRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers: Record<string, string>;
  /** Sent as JSON. */
  readonly body?: unknown;
}

export interface TransportResponse {
  readonly status: number;
  /** The parsed JSON body (or the text when it is not JSON; undefined when empty). */
  readonly body: unknown;
}

/** Performs one HTTP request; must resolve (not reject) on 4xx/5xx with the status and parsed body. */
export type HttpTransport = (request: TransportRequest) => Promise<TransportResponse>;
