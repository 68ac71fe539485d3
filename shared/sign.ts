import { randomUUID } from 'node:crypto';
import { getPlatform, type PlatformId } from './catalog';
import { locate } from './locate';
import { serializeBody } from './serialize';
import type { Locator } from './spec';

export interface SignOptions {
  /** Signing secret or shared token. Without it the delivery goes out unsigned, as the platform does when none is set. */
  readonly secret?: string;
  /** Unix seconds; default now. */
  readonly timestamp?: number;
  /** Default: the payload's own id where the platform carries one in the body, else a new UUID. */
  readonly deliveryId?: string;
  readonly tokenHeader?: string;
}

export interface SignedDelivery {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The header a sender puts this value in, when it sends one (wherever receivers look for it first). */
function headerName(locators: readonly Locator[]): string | undefined {
  const header = locators.find((l): l is { readonly header: string } => 'header' in l);
  return header?.header;
}

/** The delivery id the platform carries in the payload's body, when it does. */
export function bodyDeliveryId(platformId: PlatformId, payload: unknown): string | undefined {
  const id = locate(
    getPlatform(platformId).deliveryId.filter((l) => !('header' in l)),
    () => undefined,
    payload,
  );
  return id === undefined ? undefined : String(id);
}

/** The exact headers and body the platform would send for this payload (object, or an already serialised string). */
export function sign(platformId: PlatformId, payload: unknown, options: SignOptions = {}): SignedDelivery {
  const platform = getPlatform(platformId);
  const body = typeof payload === 'string' ? payload : serializeBody(payload, platform.serializer);
  const parsed: unknown = typeof payload === 'string' ? safeParse(payload) : payload;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const deliveryId = options.deliveryId ?? bodyDeliveryId(platformId, parsed) ?? randomUUID();

  const headers: Record<string, string> = { ...platform.staticHeaders };
  const typeHeader = headerName(platform.eventType);
  if (typeHeader) {
    const type = locate(
      platform.eventType.filter((l) => !('header' in l)),
      () => undefined,
      parsed,
    );
    if (type !== undefined) headers[typeHeader] = String(type);
  }
  const idHeader = headerName(platform.deliveryId);
  if (idHeader) headers[idHeader] = deliveryId;
  if (options.secret) {
    Object.assign(
      headers,
      platform.signature.sign({ body, secret: options.secret, timestamp, deliveryId, tokenHeader: options.tokenHeader }),
    );
  } else if (!platform.sendsUnsigned) {
    // Senders whose timestamp header travels signed or not (InboundFlow) still send it unsigned.
    for (const l of platform.occurredAt) if ('header' in l) headers[l.header] = String(timestamp);
  }
  return { headers, body };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
