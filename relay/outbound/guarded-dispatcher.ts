import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { parseAddress, type DestinationPolicy } from './address-policy';

/** Every address a name resolves to (the system resolver by default; tests inject theirs). */
export type Resolve = (hostname: string) => Promise<readonly string[]>;

export interface OutboundOptions {
  readonly resolve?: Resolve;
  /** Opens the socket to a checked address (undici's own connector by default; tests count calls on theirs). */
  readonly connect?: buildConnector.connector;
  readonly connectTimeoutMs?: number;
}

/** A connection the destination policy refused: no socket was opened. */
export class DestinationNotAllowedError extends Error {
  readonly code = 'destination_not_allowed';
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`The relay may not connect to ${host.slice(0, 100)}: ${reason}`);
    this.name = 'DestinationNotAllowedError';
  }
}

const systemResolve: Resolve = async (hostname) => (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * An undici dispatcher that resolves the host itself when it connects, checks every address against the
 * policy, and hands the connector only an address it checked (so a DNS answer that changes between the
 * check and the connection — rebinding — cannot slip through: there is no second lookup). Allowed
 * addresses of a mixed answer are used, refused ones dropped; none left fails with
 * `destination_not_allowed` before any socket exists. TLS still verifies the certificate against the name.
 */
export function guardedDispatcher(policy: DestinationPolicy, options: OutboundOptions = {}): Agent {
  const resolve = options.resolve ?? systemResolve;
  const open = options.connect ?? buildConnector({ timeout: options.connectTimeoutMs ?? 10_000 });

  async function checkedAddress(hostname: string, port: number): Promise<string> {
    const literal = parseAddress(hostname);
    const candidates = literal ? [hostname] : await resolve(hostname);
    let reason = 'the name resolved to no address';
    for (const address of candidates) {
      const refusal = policy.refusal(address, port);
      if (refusal === undefined) return address;
      reason = `${literal ? 'it is' : 'it resolves to'} ${refusal}`;
    }
    throw new DestinationNotAllowedError(hostname, reason);
  }

  const connect: buildConnector.connector = (opts, callback) => {
    const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
    checkedAddress(opts.hostname, port).then(
      (address) =>
        open({ ...opts, hostname: address, servername: opts.servername ?? (isIP(opts.hostname) ? undefined : opts.hostname) }, callback),
      (err: Error) => callback(err, null),
    );
  };
  return new Agent({ connect });
}
