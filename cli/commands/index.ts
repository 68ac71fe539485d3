import type { Command } from 'commander';
import { registerCatalogCommands } from './catalog';
import { registerDemoCommand } from './demo';
import { registerKeysCommands } from './keys';
import { registerMakeCommands } from './make';
import { registerRelayCommand } from './relay';
import { registerSendCommand } from './send';
import { registerSignVerifyCommands } from './sign-verify';

/** Every CLI command; each module registers its own. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerCatalogCommands,
  registerSignVerifyCommands,
  registerSendCommand,
  registerDemoCommand,
  registerRelayCommand,
  registerKeysCommands,
  registerMakeCommands,
];
