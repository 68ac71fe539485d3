import type { PlatformId } from '../../shared';

/** n8n type names per platform (node `<name>Trigger`, credential `<name>SigningApi`). */
export const N8N_NAMES: Record<PlatformId, string> = {
  iris: 'iris',
  inboundflow: 'inboundFlow',
  conversa: 'intertelConversa',
  modyo: 'modyo',
  horneross: 'horneross',
  standard: 'standardWebhooks',
};

export const credentialName = (platform: PlatformId) => `${N8N_NAMES[platform]}SigningApi`;
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

/**
 * Credential names in a platform's own package (n8n-nodes-hookline-<platform>). n8n keys credential types by
 * name across every installed package (the last one loaded wins), so each package gets names of its own.
 */
export const platformCredentialNames = (platform: PlatformId): CredentialNames => {
  const prefix = `${N8N_NAMES[platform]}Hookline`;
  return { signing: `${prefix}SigningApi`, relay: `${prefix}RelayApi`, chatwoot: `${prefix}ChatwootApi` };
};
