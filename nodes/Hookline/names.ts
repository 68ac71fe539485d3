import { getPlatform, type PlatformId } from '../../shared';

const lowerFirst = (s: string) => s.replace(/^./, (c) => c.toLowerCase());

/** n8n type names, all from the catalog's `typeName`: node `<typeName>Trigger`, credential `<typeName>SigningApi`. */
export const triggerClassName = (platform: PlatformId) => `${getPlatform(platform).typeName}Trigger`;
export const triggerNodeName = (platform: PlatformId) => lowerFirst(triggerClassName(platform));
export const credentialClassName = (platform: PlatformId) => `${getPlatform(platform).typeName}SigningApi`;
export const credentialName = (platform: PlatformId) => lowerFirst(credentialClassName(platform));
export const CHATWOOT_CREDENTIAL = 'chatwootApi';
export const RELAY_CREDENTIAL = 'hooklineRelayApi';

/** The credential types a platform's nodes use. */
export interface CredentialNames {
  readonly signing: string;
  readonly relay: string;
  readonly chatwoot: string;
}

/** Credential names in the all-platforms package (n8n-nodes-hookline). */
export const sharedCredentialNames = (platform: PlatformId): CredentialNames => ({ signing: credentialName(platform), relay: RELAY_CREDENTIAL, chatwoot: CHATWOOT_CREDENTIAL });

/** The platform's name without the parenthesised aside: "Intertel Conversa (Chatwoot)" → "Intertel Conversa". */
export const shortName = (platform: PlatformId) => getPlatform(platform).name.replace(/\s*\([^)]*\)\s*$/, '');
