import { config } from '@n8n/node-cli/eslint';

// n8n's own community-node rules, unchanged: the same config `n8n-node lint` runs.
export default config;
