import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class HooklineRelayApi implements ICredentialType {
  name = 'hooklineRelayApi';
  displayName = 'Hookline Relay API';
  documentationUrl = 'https://github.com/hookline/hookline/blob/main/docs/relay-api.md';
  icon = 'file:../nodes/Hookline/hookline.svg' as const;
  properties: INodeProperties[] = [
    { displayName: 'Relay URL', name: 'url', type: 'string', default: 'http://127.0.0.1:8787', required: true },
    { displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '', required: true },
  ];
  authenticate: IAuthenticateGeneric = { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } } };
  test: ICredentialTestRequest = { request: { baseURL: '={{$credentials.url}}', url: '/hooks' } };
}
