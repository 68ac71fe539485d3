import { relayClient, type RelayClient } from '../../shared';
import { relayConnection, toZapierError } from './errors';
import { zapierTransport } from './transport';
import type { Bundle, Z } from './types';

/** Runs relay calls with the connection's URL and key; every failure leaves as a z.errors.Error. */
export async function withRelay<T>(z: Z, bundle: Pick<Bundle, 'authData'>, use: (relay: RelayClient) => Promise<T>): Promise<T> {
  try {
    return await use(relayClient(relayConnection(bundle), zapierTransport(z)));
  } catch (err) {
    throw toZapierError(z, bundle, err);
  }
}
