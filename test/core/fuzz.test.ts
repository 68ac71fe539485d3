/**
 * Bounded slices of the fuzz properties; `npm run fuzz` runs them at full size and prints the figures.
 */
import fc from 'fast-check';
import { PLATFORM_IDS, receive } from '../../shared';
import { catalogSubjects, differentialCases, syntheticSubjects, verdicts } from './fuzz/differential';
import { anyReceiveCall } from './fuzz/receive-inputs';
import { judge, mutationCases } from './fuzz/signed-mutations';

describe('fuzz (bounded; npm run fuzz runs the full counts)', () => {
  it('receive() answers arbitrary input with a typed result: never a throw, never internal_error', () => {
    fc.assert(
      fc.property(anyReceiveCall, (call) => {
        const r = receive(call.platform, call.delivery as never, call.options as never);
        expect(r.ok || r.error.code !== 'internal_error').toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it.each(PLATFORM_IDS)('%s: a mutated signed delivery is rejected or accepted as the same event with the same replayKey', (platform) => {
    fc.assert(
      fc.property(mutationCases(platform), (c) => {
        const outcome = judge(c);
        expect(outcome).not.toMatchObject({ kind: 'false accept' });
        expect(outcome.kind).not.toBe('original rejected');
      }),
      { numRuns: 250 },
    );
  });

  it('generated validators and zod accept and reject the same values', () => {
    fc.assert(
      fc.property(differentialCases([...catalogSubjects(), ...syntheticSubjects()]), (c) => {
        const { generated, zod } = verdicts(c);
        expect({ schema: c.subject.name, generated }).toEqual({ schema: c.subject.name, generated: zod });
      }),
      { numRuns: 4000 },
    );
  });
});
