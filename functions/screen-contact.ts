import { actorOf } from '../lib/auth.js';
import { now } from '../lib/clock.js';
import { notInFuture } from '../lib/domain/records.js';
import { screenForEveryone } from '../lib/domain/screening.js';
import { unprocessable } from '../lib/errors.js';
import { api, ok, route } from '../lib/http.js';
import { ScreenContact } from '../lib/schemas/screening.js';
import { scopeOf } from '../lib/store/db.js';
import { findScreeningSubjects, recordScreening } from '../lib/store/screening.js';

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
      const outcome = screenForEveryone(
        { channel: input.channel, from: input.from?.value, caseId: input.caseId, freshMatter: input.freshMatter, durationMinutes: input.durationMinutes },
        subjects,
        at,
        input.from?.kind,
      );
      const result = await recordScreening({
        input,
        subjects,
        outcome,
        at,
        actor: actorOf(req.staff),
        idempotency: scopeOf(req),
      });
      return ok(result);
    },
  }),
});
