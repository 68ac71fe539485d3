import { getPlatform, type PlatformId } from '../../shared';

const lowerFirst = (s: string) => s.replace(/^./, (c) => c.toLowerCase());

/** The platform's n8n name: the catalog's `typeName` in camelCase (`intertelConversa`). */
export const n8nName = (platform: PlatformId) => lowerFirst(getPlatform(platform).typeName);

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
export const sharedCredentialNames = (platform: PlatformId): CredentialNames => ({
  signing: credentialName(platform),
  relay: RELAY_CREDENTIAL,
  chatwoot: CHATWOOT_CREDENTIAL,
});

/**
 * Credential names in a platform's own package (n8n-nodes-hookline-<platform>). n8n keys credential types by
 * name across every installed package (the last one loaded wins), so each package gets names of its own.
 */
export const platformCredentialNames = (platform: PlatformId): CredentialNames => {
  const prefix = `${n8nName(platform)}Hookline`;
  return { signing: `${prefix}SigningApi`, relay: `${prefix}RelayApi`, chatwoot: `${prefix}ChatwootApi` };
};

/** The platform's name without the parenthesised aside: "Intertel Conversa (Chatwoot)" → "Intertel Conversa". */
export const shortName = (platform: PlatformId) => getPlatform(platform).name.replace(/\s*\([^)]*\)\s*$/, '');
