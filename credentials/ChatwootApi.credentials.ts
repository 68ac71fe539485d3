import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class ChatwootApi implements ICredentialType {
  name = 'chatwootApi';
  displayName = 'Chatwoot / Intertel Conversa API';
  documentationUrl = 'https://developers.chatwoot.com/api-reference/webhooks/list-all-webhooks';
  icon = 'file:../nodes/IntertelConversaTrigger/conversa.svg' as const;
  properties: INodeProperties[] = [
    { displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://app.chatwoot.com', required: true },
    { displayName: 'Account ID', name: 'accountId', type: 'string', default: '', required: true },
    { displayName: 'API Access Token', name: 'apiAccessToken', type: 'string', typeOptions: { password: true }, default: '', required: true, description: 'An administrator\'s access token (Profile settings → Access token)' },
  ];
  authenticate: IAuthenticateGeneric = { type: 'generic', properties: { headers: { api_access_token: '={{$credentials.apiAccessToken}}' } } };
  test: ICredentialTestRequest = { request: { baseURL: '={{$credentials.baseUrl}}', url: '=/api/v1/accounts/{{$credentials.accountId}}/webhooks' } };
}
