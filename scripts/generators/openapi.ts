import { relayOpenApi } from '../../relay/openapi';
import { json, type Generator } from './types';

export const openApiGenerator: Generator = {
  name: 'relay OpenAPI document',
  files: () => new Map([['docs/openapi.json', json(relayOpenApi())]]),
};
