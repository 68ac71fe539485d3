import type { INodeType } from 'n8n-workflow';
import { getPlatform, type PlatformId } from '../../shared';
import { createActionNode, type ActionNode } from './action';
import { n8nName, platformCredentialNames } from './names';
import { createTrigger } from './trigger';

/**
 * The nodes of one platform's own n8n package (n8n-nodes-hookline-<platform>): its trigger and its action
 * node, using the package's own credential names (credentials/platform-credentials.ts).
 */

export function platformTrigger(platform: PlatformId): new () => INodeType {
  return createTrigger(platform, platformCredentialNames(platform));
}

export function platformAction(platform: PlatformId): new () => ActionNode {
  const spec = getPlatform(platform);
  return createActionNode(
    [platform],
    {
      name: n8nName(platform),
      displayName: spec.name,
      icon: { light: `file:${platform}.svg`, dark: `file:${platform}.dark.svg` },
      description:
        spec.subscription?.kind === 'chatwoot'
          ? `Verify ${spec.name} webhook deliveries, send signed test deliveries and manage its webhooks`
          : `Verify ${spec.name} webhook deliveries and send signed test deliveries`,
    },
    platformCredentialNames,
  );
}
