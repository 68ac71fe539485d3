import { getPlatform, type PlatformId } from '../../shared';

const lowerFirst = (s: string) => s.replace(/^./, (c) => c.toLowerCase());

/** n8n type names, all from the catalog's `typeName`: node `<typeName>Trigger`, credential `<typeName>SigningApi`. */
export const triggerClassName = (platform: PlatformId) => `${getPlatform(platform).typeName}Trigger`;
export const triggerNodeName = (platform: PlatformId) => lowerFirst(triggerClassName(platform));
export const credentialClassName = (platform: PlatformId) => `${getPlatform(platform).typeName}SigningApi`;
export const credentialName = (platform: PlatformId) => lowerFirst(credentialClassName(platform));
export const CHATWOOT_CREDENTIAL = 'chatwootApi';
export const RELAY_CREDENTIAL = 'hooklineRelayApi';
