import { conversa } from './conversa';
import { horneross } from './horneross';
import { inboundflow } from './inboundflow';
import { iris } from './iris';
import { modyo } from './modyo';
import { standard } from './standard';

/**
 * The catalog index: every platform Hookline knows. Adapters iterate it, so a platform added here (its
 * file beside this one plus one entry below) reaches the n8n nodes, Zapier, Make, the relay and the CLI.
 */
export const PLATFORMS = { iris, inboundflow, conversa, modyo, horneross, standard } as const;
