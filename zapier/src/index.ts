import zapier from 'zapier-platform-core';
import { authentication, buildTriggers } from './triggers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const packageJson = require('../package.json') as { version: string };

const App = {
  version: packageJson.version,
  platformVersion: zapier.version,
  authentication,
  triggers: buildTriggers(),
  searches: {},
  creates: {},
};

export default App;
