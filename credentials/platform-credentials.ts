import type { ICredentialType, Icon } from 'n8n-workflow';
import { getPlatform, type PlatformId } from '../shared';
import { n8nName, platformCredentialNames } from '../nodes/Hookline/names';
import { ChatwootApi } from './ChatwootApi.credentials';
import { HooklineRelayApi } from './HooklineRelayApi.credentials';
import { createSigningCredential } from './signing-credential';

/**
 * The credentials of one platform's own n8n package (n8n-nodes-hookline-<platform>), under names no other
 * Hookline package uses (nodes/Hookline/names.ts platformCredentialNames).
 */
const credentialIcon = (platform: PlatformId): Icon => `file:../nodes/${n8nName(platform).replace(/^./, (c) => c.toUpperCase())}Trigger/${platform}.svg`;

export function platformSigningCredential(platform: PlatformId): new () => ICredentialType {
  return createSigningCredential(platform, platformCredentialNames(platform).signing);
}

export function platformRelayCredential(platform: PlatformId): new () => ICredentialType {
  const name = platformCredentialNames(platform).relay;
  const displayName = `Hookline Relay API (${getPlatform(platform).name})`;
  return class PlatformRelayApi extends (HooklineRelayApi as new () => ICredentialType) {
    override name = name;
    override displayName = displayName;
    override icon = credentialIcon(platform);
  };
}

export function platformChatwootCredential(platform: PlatformId): new () => ICredentialType {
  const name = platformCredentialNames(platform).chatwoot;
  const displayName = `${getPlatform(platform).name} API`;
  return class PlatformChatwootApi extends (ChatwootApi as new () => ICredentialType) {
    override name = name;
    override displayName = displayName;
    override icon = credentialIcon(platform);
  };
}
