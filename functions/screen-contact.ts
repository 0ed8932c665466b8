import { actorOf } from '../lib/auth.js';
import { now } from '../lib/clock.js';
import { notInFuture } from '../lib/domain/records.js';
import { mostRestrictive, screenContact, type ScreenOutcome } from '../lib/domain/screening.js';
import { unprocessable } from '../lib/errors.js';
import { api, ok, route } from '../lib/http.js';
import { ScreenContact } from '../lib/schemas/screening.js';
import { findScreeningSubjects, recordScreening, type ScreeningSubject } from '../lib/store/screening.js';

/**
 * Screens several people's outcomes into one: a contact point shared by several
 * people (a household email or landline) cannot tell us who is getting in touch,
 * so the most restrictive outcome is answered (no restriction is side-stepped by
 * using someone else's address) and staff are asked to confirm who it is and
 * screen again naming them. The contact is then held against no one person.
 */
function screenAll(input: ScreenContact, subjects: ScreeningSubject[], at: Date): ScreenOutcome {
  const domainInput = { channel: input.channel, from: input.from?.value, caseId: input.caseId, freshMatter: input.freshMatter, durationMinutes: input.durationMinutes };
  if (subjects.length <= 1) return screenContact(domainInput, subjects[0], at);
  const outcome = mostRestrictive(subjects.map((s) => screenContact(domainInput, s, at)));
  return {
    ...outcome,
    reasons: [
      `This ${input.from?.kind === 'PHONE' ? 'number' : 'address'} is on record for ${subjects.length} people, so the most restrictive outcome among them is shown. Confirm who is getting in touch and screen again naming them.`,
      ...outcome.reasons,
    ],
  };
}

/** `POST /contacts/screen`: asked for every inbound contact before anyone answers it. */
export const handler = api({
  'POST /contacts/screen': route({
    permission: 'record',
    body: ScreenContact,
    run: async (req) => {
      const input = req.body;
      if (input.receivedAt !== undefined) {
        const errors = notInFuture('receivedAt', input.receivedAt, now());
        if (errors.length) throw unprocessable('receivedAt must not be in the future.', errors);
      }
      const at = input.receivedAt !== undefined ? new Date(input.receivedAt) : now();
      const subjects = await findScreeningSubjects(input);
      const outcome = screenAll(input, subjects, at);
      const result = await recordScreening({
        input,
        subjects,
        outcome,
        at,
        actor: actorOf(req.staff),
        idempotency: req.idempotencyKey ? { sub: req.staff.sub, route: req.route, key: req.idempotencyKey, body: req.body } : undefined,
      });
      return ok(result);
    },
  }),
});
