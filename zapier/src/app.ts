import { getPlatform, type PlatformId } from '../../shared';
import { authentication } from './auth';
import { relayKeyErrors } from './errors';
import { buildTriggers } from './triggers';

/** The title the app is registered under (`zapier-platform register "<title>"`), what users search for. */
export function appTitle(platform: PlatformId): string {
  return `${getPlatform(platform).name} by Hookline`;
}

/** One platform's Zapier app definition, from the catalog. */
export function zapierApp(platform: PlatformId, versions: { readonly version: string; readonly platformVersion: string }) {
  return {
    ...versions,
    authentication: authentication(getPlatform(platform).name),
    afterResponse: [relayKeyErrors],
    triggers: buildTriggers(platform),
    searches: {},
    creates: {},
  };
}
