import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** A Hookline relay's API, with a subscriber key (or the admin key). No `authenticate` block, for the reason given in ChatwootApi. */
export class HooklineRelayApi implements ICredentialType {
  name = 'hooklineRelayApi';
  displayName = 'Hookline Relay API';
  documentationUrl = 'https://github.com/hookline/hookline/blob/main/docs/relay-api.md';
  icon = { light: 'file:../nodes/Hookline/hookline.svg', dark: 'file:../nodes/Hookline/hookline.dark.svg' } as const;
  properties: INodeProperties[] = [
    { displayName: 'Relay URL', name: 'url', type: 'string', default: 'http://127.0.0.1:8787', required: true },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description:
        "A subscriber key (hlsk_…) the relay's operator made for you, or the relay's admin key (.hookline/api-key for npm start)",
    },
  ];
  test: ICredentialTestRequest = {
    request: { baseURL: '={{$credentials.url}}', url: '/hooks', headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
  };
}
