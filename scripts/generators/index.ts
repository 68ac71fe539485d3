import { n8nGenerator } from './n8n';
import { openApiGenerator } from './openapi';
import { readmeGenerator } from './readme';
import { validatorsGenerator } from './validators';
import type { Generator } from './types';
import { zapierGenerator } from './zapier';

/** Every generated file of the repository comes from one of these; `npm run generate` writes them all. */
export const GENERATORS: readonly Generator[] = [readmeGenerator, n8nGenerator, openApiGenerator, zapierGenerator, validatorsGenerator];
