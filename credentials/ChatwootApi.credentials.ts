import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Chatwoot administrator's API access. The nodes send the token themselves, so there is no
 * `authenticate` block: with one, n8n would add a "Custom API Call" operation to every resource of the
 * Hookline node, Delivery included, where it means nothing.
 */
export class ChatwootApi implements ICredentialType {
  name = 'chatwootApi';
  displayName = 'Chatwoot API';
  documentationUrl = 'https://developers.chatwoot.com/api-reference/webhooks/list-all-webhooks';
  icon = {
    light: 'file:../nodes/IntertelConversaTrigger/conversa.svg',
    dark: 'file:../nodes/IntertelConversaTrigger/conversa.dark.svg',
  } as const;
  properties: INodeProperties[] = [
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://app.chatwoot.com',
      required: true,
      description: 'Where Intertel Conversa or Chatwoot runs',
    },
    {
      displayName: 'Account ID',
      name: 'accountId',
      type: 'string',
      default: '',
      required: true,
      description: 'The number after /accounts/ in the dashboard URL',
    },
    {
      displayName: 'API Access Token',
      name: 'apiAccessToken',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description:
        "An administrator's access token (Profile settings → Access token): registering webhooks and agent bots needs an administrator",
    },
  ];
  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl}}',
      url: '=/api/v1/accounts/{{$credentials.accountId}}/webhooks',
      headers: { api_access_token: '={{$credentials.apiAccessToken}}' },
    },
  };
}
