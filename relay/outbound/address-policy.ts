import ipaddr from 'ipaddr.js';

export interface DestinationOptions {
  /** Let the relay call loopback, private, link-local and every other inside address (local development). */
  readonly allowPrivateDestinations?: boolean;
  /** CIDR ranges the relay may call although they are not public, e.g. `10.20.0.0/16` for a LAN subscriber. */
  readonly allowedDestinations?: readonly string[];
}

export class DestinationConfigError extends Error {}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** `[::1]` → `::1`; the zone of a link-local IPv6 address is dropped (the range decides). */
function bare(host: string): string {
  const unbracketed = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return unbracketed.split('%')[0]!;
}

/** An IP literal in any notation ipaddr.js reads (URLs arrive normalised: 2130706433 → 127.0.0.1), else undefined. */
export function parseAddress(host: string): Address | undefined {
  const text = bare(host);
  return ipaddr.isValid(text) ? ipaddr.parse(text) : undefined;
}

/**
 * Why an address is not public, or undefined when it is: every IPv4 range but global unicast (loopback,
 * RFC 1918, link-local with 169.254.169.254, CGNAT, multicast, broadcast, 0/8, reserved and documentation
 * ranges), and every IPv6 range but global unicast — IPv4-mapped, IPv4-compatible (`::/96`), NAT64, 6to4
 * and Teredo included, as they carry an IPv4 address the relay would end up reaching.
 */
export function nonPublicRange(address: Address): string | undefined {
  const range = address.range();
  if (range !== 'unicast') return range;
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) return 'ipv4Compatible';
  return undefined;
}

/** `localhost` and `*.localhost` always mean loopback (RFC 6761), so they count as literals. */
const LOOPBACK_NAME = /(^|\.)localhost\.?$/i;

const canonical = (address: Address) => address.toNormalizedString();

/**
 * Where the relay may open connections: public addresses only, unless private destinations are allowed
 * (everything) or an address lies in an allowed CIDR range. The relay's own listening sockets are refused
 * too (a hook must not call the relay itself), unless private destinations are allowed.
 */
export class DestinationPolicy {
  readonly allowsPrivate: boolean;
  private readonly allowed: [Address, number][];
  private own = new Set<string>();
  private ownOrigin: string | undefined;

  constructor(options: DestinationOptions = {}) {
    this.allowsPrivate = options.allowPrivateDestinations === true;
    this.allowed = (options.allowedDestinations ?? []).map((cidr) => {
      try {
        return ipaddr.parseCIDR(cidr.trim());
      } catch {
        throw new DestinationConfigError(`Not a CIDR range: "${cidr.slice(0, 60)}" (e.g. 10.20.0.0/16 or fd00::/8)`);
      }
    });
  }

  get allowedRanges(): string[] {
    return this.allowed.map(([address, bits]) => `${address.toString()}/${bits}`);
  }

  /**
   * The relay's listening sockets (every interface's address when it listens on all of them), and its
   * public URL: a hook there would be the relay calling itself through its proxy.
   */
  setOwnAddresses(sockets: readonly { address: string; port: number }[], publicUrl?: string): void {
    this.ownOrigin = publicUrl ? new URL(publicUrl).origin : undefined;
    this.own = new Set(
      sockets.flatMap(({ address, port }) => {
        const parsed = parseAddress(address);
        return parsed ? [`${canonical(parsed)}:${port}`] : [];
      }),
    );
  }

  /** Why the relay may not connect to this address and port, or undefined when it may. */
  refusal(host: string, port: number): string | undefined {
    if (this.allowsPrivate) return undefined;
    const address = parseAddress(host);
    if (!address) return 'not an IP address';
    if (this.own.has(`${canonical(address)}:${port}`)) return "the relay's own address";
    const range = nonPublicRange(address);
    if (range === undefined) return undefined;
    if (this.allowed.some(([net, bits]) => net.kind() === address.kind() && address.match(net, bits))) return undefined;
    return `a ${range} address`;
  }

  /**
   * Checks a URL before it is stored (POST /hooks, a Chatwoot base URL): an IP literal or a localhost name
   * that the relay may not call. Other names are checked when they are resolved, at every connection.
   */
  urlRefusal(url: URL): string | undefined {
    if (this.allowsPrivate) return undefined;
    if (url.origin === this.ownOrigin) return "the relay's own public URL";
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    if (LOOPBACK_NAME.test(url.hostname)) {
      const refusal = this.refusal('127.0.0.1', port);
      return refusal && `${refusal} (${url.hostname})`;
    }
    return parseAddress(url.hostname) ? this.refusal(url.hostname, port) : undefined;
  }
}
