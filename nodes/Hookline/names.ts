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
