import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands';
import { UsageError } from './io';

export function buildProgram(): Command {
  const program = new Command('hookline')
    .description('Verified, typed webhooks for Iris, InboundFlow, Intertel Conversa (Chatwoot), Modyo, Horneross and Standard Webhooks')
    .version('0.1.0')
    .showHelpAfterError();
  for (const register of COMMANDS) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`hookline: ${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`hookline: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  }
}

if (require.main === module) void main(process.argv);
