import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { receive, sign } from '../../shared';
import { collect, eventArg, platformArg, printJson, readHeadersFile, UsageError } from '../io';

interface SignOpts {
  bodyFile?: string;
  secret?: string;
  timestamp?: string;
  deliveryId?: string;
  tokenHeader?: string;
  headersOut?: string;
  bodyOut?: string;
}

interface VerifyOpts {
  secret: string[];
  headersFile: string;
  bodyFile: string;
  tolerance?: string;
  now?: string;
  tokenHeader?: string;
  allowUnsigned?: boolean;
  passInvalid?: boolean;
  allowUnknown?: boolean;
}

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number`);
  return Number(value);
}

export function registerSignVerifyCommands(program: Command): void {
  program
    .command('sign')
    .description('Produce the exact headers and body a platform would send (JSON: {headers, body})')
    .argument('<platform>')
    .argument('[event]', "sign this event's sample (or use --body-file)")
    .option('--body-file <file>', 'sign this body, byte for byte')
    .option('--secret <secret>', 'signing secret or shared token (unsigned without it)')
    .option('--timestamp <unix>', 'unix seconds (default now)')
    .option('--delivery-id <id>', 'delivery id (default: from the body, or a new UUID)')
    .option('--token-header <name>', 'header for shared-token platforms')
    .option('--headers-out <file>', 'also write the headers as JSON to this file')
    .option('--body-out <file>', 'also write the body to this file')
    .action((platform: string, type: string | undefined, opts: SignOpts) => {
      const id = platformArg(platform);
      if (!opts.bodyFile && !type) throw new UsageError('Give an event or --body-file');
      const payload = opts.bodyFile ? readFileSync(opts.bodyFile, 'utf8') : eventArg(id, type!).sample;
      const signed = sign(id, payload, {
        secret: opts.secret,
        timestamp: integer(opts.timestamp, '--timestamp'),
        deliveryId: opts.deliveryId,
        tokenHeader: opts.tokenHeader,
      });
      if (opts.headersOut) writeFileSync(opts.headersOut, JSON.stringify(signed.headers, null, 2));
      if (opts.bodyOut) writeFileSync(opts.bodyOut, signed.body);
      printJson(signed);
    });

  program
    .command('verify')
    .description('Verify a delivery; exit 0 with the event as JSON, or 1 with the error as JSON')
    .argument('<platform>')
    .requiredOption('--headers-file <file>', 'headers as a JSON object or "Name: value" lines')
    .requiredOption('--body-file <file>', 'the raw body')
    .option('--secret <secret>', 'signing secret or token; repeat for rotation', collect, [])
    .option('--tolerance <seconds>', 'timestamp tolerance (default 300)')
    .option('--now <unix>', 'verify as of this time')
    .option('--token-header <name>', 'header for shared-token platforms')
    .option(
      '--allow-unsigned',
      'accept a delivery that carries no signature (or verify with no secret); a wrong signature is still rejected',
    )
    .option('--pass-invalid', 'pass on a payload that fails its schema, with its issues')
    .option('--allow-unknown', 'accept event types missing from the catalog')
    .action((platform: string, opts: VerifyOpts) => {
      const now = integer(opts.now, '--now');
      const result = receive(
        platformArg(platform),
        { headers: readHeadersFile(opts.headersFile), body: readFileSync(opts.bodyFile) },
        {
          secrets: opts.secret,
          toleranceSeconds: integer(opts.tolerance, '--tolerance'),
          now: now === undefined ? undefined : now * 1000,
          tokenHeader: opts.tokenHeader,
          allowUnsigned: opts.allowUnsigned,
          onInvalidPayload: opts.passInvalid ? 'pass' : 'reject',
          allowUnknownEvents: opts.allowUnknown,
        },
      );
      if (result.ok) return printJson(result.event);
      printJson({ error: result.error });
      process.exitCode = 1;
    });
}
