import { PLATFORM_IDS } from '../../shared';
import { createActionNode } from './action';

/** The all-platforms action node of n8n-nodes-hookline; each platform's own package has one for its platform. */
export const Hookline = createActionNode(PLATFORM_IDS, {
  name: 'hookline',
  displayName: 'Hookline',
  icon: 'file:hookline.svg',
  description: 'Verify webhook deliveries, send signed test deliveries and manage Chatwoot webhooks',
});
