import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { parseAddress } from './address-policy';

/** The sockets a server listens on: its address, or every interface's address when it listens on all of them. */
export function listeningSockets(address: AddressInfo): { address: string; port: number }[] {
  const parsed = parseAddress(address.address);
  if (!parsed || parsed.range() !== 'unspecified') return [{ address: address.address, port: address.port }];
  const all = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
  return [address.address, ...all].map((a) => ({ address: a, port: address.port }));
}
