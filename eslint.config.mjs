import { config } from '@n8n/node-cli/eslint';

// n8n's own community-node rules. One rule is off: it rebuilds node descriptions from the AST and
// crashes on descriptions generated from the catalog (array spreads); see docs/n8n.md.
export default [
  ...config,
  { rules: { 'n8n-nodes-base/node-class-description-credentials-name-unsuffixed': 'off' } },
];
