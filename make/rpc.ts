import { relayRoutes, type PlatformId } from '../shared';
import type { Sections } from './model';

/** The Source dropdown: `GET /sources`, this platform's only (a subscriber key sees those of its scope). */
export function listSourcesSections(platformId: PlatformId): Sections {
  return {
    api: {
      url: relayRoutes.listSources.path,
      method: relayRoutes.listSources.method,
      response: {
        iterate: { container: '{{body.sources}}', condition: `{{item.platform = '${platformId}'}}` },
        output: { label: '{{ifempty(item.name, item.id)}}', value: '{{item.id}}' },
      },
    },
    parameters: [],
  };
}
