import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { DEFAULT_TOKEN_HEADER, getPlatform, type PlatformId } from '../shared';

/** The secret(s) a platform signs with, or the shared token it sends in a custom header. */
export function createSigningCredential(platform: PlatformId, name: string): new () => ICredentialType {
  const spec = getPlatform(platform);
  const token = spec.signature.kind === 'shared-token';
  const properties: INodeProperties[] = [
    {
      displayName: token ? 'Shared Token(s)' : 'Signing Secret(s)',
      name: 'secrets',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: token
        ? `${spec.name} signs nothing: add a custom header with this token in ${spec.name}'s webhook settings. Several tokens, separated by commas, are accepted during a rotation.`
        : `The secret ${spec.name} signs with (${spec.signature.summary}). Several, separated by commas, are accepted during a rotation.`,
    },
  ];
  if (token) properties.push({ displayName: 'Header Name', name: 'tokenHeader', type: 'string', default: DEFAULT_TOKEN_HEADER, description: 'The custom header that carries the token; Authorization: Bearer <token> is always accepted too' });
  return class SigningCredential implements ICredentialType {
    name = name;
    displayName = `${spec.name} Signing Secret (Hookline)`;
    documentationUrl = 'https://github.com/hookline/hookline#how-verification-works';
    // The trigger node folder is `<typeName>Trigger` (nodes/Hookline/names.ts); spelled out here so the
    // credential bundle imports only the core.
    icon = `file:../nodes/${spec.typeName}Trigger/${platform}.svg` as const;
    properties = properties;
  };
}
