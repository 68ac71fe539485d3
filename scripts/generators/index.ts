import { n8nGenerator } from './n8n';
import { openApiGenerator } from './openapi';
import { prettierIgnoreGenerator } from './prettierignore';
import { readmeGenerator } from './readme';
import { validatorsGenerator } from './validators';
import type { Generator } from './types';
import { zapierGenerator } from './zapier';

/** Every generated file of the repository comes from one of these; `npm run generate` writes them all. */
const CATALOG_GENERATORS: readonly Generator[] = [readmeGenerator, n8nGenerator, openApiGenerator, zapierGenerator, validatorsGenerator];
export const GENERATORS: readonly Generator[] = [...CATALOG_GENERATORS, prettierIgnoreGenerator(CATALOG_GENERATORS)];
