/**
 * Jest setup for every test file: a socket may connect only to loopback (127.0.0.0/8, ::1, localhost) or
 * a Unix socket. Anything else throws before a packet leaves, so no test can reach a private, link-local
 * (169.254.169.254 included) or public address, even through a bug in the relay's own guard. Names are
 * refused too (they would need a DNS query): tests resolve names with injected resolvers.
 */
import { isIP, Socket } from 'node:net';

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === '' || host === 'localhost') return true;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return LOOPBACK_V4.test(bare);
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}

type ConnectArgs = Parameters<Socket['connect']>;
const original = Socket.prototype.connect;

function destination(args: unknown[]): { host?: string; path?: string } {
  // net.connect() hands Socket#connect its normalised arguments as one array.
  const list = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const first = list[0];
  if (first && typeof first === 'object') return first as { host?: string; path?: string };
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof list[1] === 'string' ? list[1] : undefined };
}

Socket.prototype.connect = function guardedConnect(this: Socket, ...args: unknown[]) {
  const { host, path } = destination(args);
  if (path === undefined && !isLoopbackHost(host)) {
    throw new Error(`test/support/loopback-only: a test tried to connect to ${String(host)}; tests connect only to loopback`);
  }
  return original.apply(this, args as ConnectArgs);
} as Socket['connect'];
