import * as z from 'zod';
import { ActorSchema, Id, RequiredText, pageOf, singleLine } from './common.js';
import { BEHAVIOUR_CODES } from '../domain/behaviours.js';

/**
 * `POST /service-users/{id}/warnings`: a warning in writing (policy 1.4: has the
 * person been told that their behaviour is unacceptable, and why?). Behaviours are
 * the policy's codes (section 1.2); an unknown code is a broken rule (422), checked
 * with the cases and incidents in lib/domain/warning.ts.
 */
export const SendWarning = z.object({
  caseIds: z.array(Id).min(1, 'must name at least one case').max(50, 'at most 50'),
  behaviours: z.array(singleLine(64)).min(1, 'must name at least one behaviour').max(30, 'at most 30'),
  incidentIds: z.array(Id).max(50, 'at most 50').optional(),
  explanation: RequiredText,
});
export type SendWarning = z.infer<typeof SendWarning>;

/** A warning as the API answers it. Loose: a later release may add fields. */
export const WarningResource = z.looseObject({
  id: z.string(),
  serviceUserId: z.string(),
  caseIds: z.array(z.string()),
  behaviours: z.array(z.enum(BEHAVIOUR_CODES)).describe("The policy's codes (section 1.2), named in its words in the letter."),
  incidentIds: z.array(z.string()),
  explanation: z.string(),
  sentAt: z.string(),
  sentBy: ActorSchema,
});
export const WarningPage = pageOf(WarningResource);
