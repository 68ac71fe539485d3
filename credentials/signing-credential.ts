import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { DEFAULT_TOKEN_HEADER, getPlatform, type PlatformId } from '../shared';

// Only the core is imported: built credential files reach it as ../shared, and nodes/ modules import it
// as ../../shared, which does not resolve from dist/credentials/.
const shortName = (platform: PlatformId) => getPlatform(platform).name.replace(/\s*\([^)]*\)\s*$/, '');
const nodeFolder = (platform: PlatformId) => `${getPlatform(platform).typeName}Trigger`;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const ROTATION = 'Several, separated by commas, are accepted while you rotate.';

/** What the credential holds and where the user finds it, in the words the platform uses. */
function secretField(platform: PlatformId): { label: string; description: string } {
  const spec = getPlatform(platform);
  const name = shortName(platform);
  switch (spec.signature.kind) {
    case 'shared-token':
      return {
        label: 'Shared Token',
        description: escapeHtml(
          `${name} signs nothing, so Hookline checks a token you make up instead: add it to ${name}'s webhook as a custom header (${DEFAULT_TOKEN_HEADER}: <token>, the header named below, or Authorization: Bearer <token>). ${ROTATION}`,
        ),
      };
    case 'standard-webhooks':
      return { label: 'Signing Secret', description: `The endpoint's signing secret (whsec_…) from the sender. ${ROTATION}` };
    default: {
      const header = spec.signature.summary.split(':')[0];
      const whose = spec.events.some((e) => e.senders?.length)
        ? 'of the webhook, agent bot or API channel inbox that posts here'
        : `from ${name}'s webhook settings`;
      return { label: 'Signing Secret', description: `The secret ${whose}; Hookline checks the ${header} header with it. ${ROTATION}` };
    }
  }
}

/** The secret(s) a platform signs with, or the shared token it sends in a custom header. */
export function createSigningCredential(platform: PlatformId, name: string): new () => ICredentialType {
  const token = getPlatform(platform).signature.kind === 'shared-token';
  const field = secretField(platform);
  const properties: INodeProperties[] = [
    {
      displayName: field.label,
      name: 'secrets',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: field.description,
    },
  ];
  if (token) {
    properties.push({
      displayName: 'Header Name',
      name: 'tokenHeader',
      type: 'string',
      default: DEFAULT_TOKEN_HEADER,
      description: escapeHtml('The custom header that carries the token; Authorization: Bearer <token> is always accepted too'),
    });
  }
  return class SigningCredential implements ICredentialType {
    name = name;
    displayName = `${shortName(platform)} ${field.label}`;
    documentationUrl = 'https://github.com/hookline/hookline#how-verification-works';
    icon = {
      light: `file:../nodes/${nodeFolder(platform)}/${platform}.svg`,
      dark: `file:../nodes/${nodeFolder(platform)}/${platform}.dark.svg`,
    } as const;
    properties = properties;
  };
}
