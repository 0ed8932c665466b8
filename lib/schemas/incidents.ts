import * as z from 'zod';
import { BEHAVIOUR_CODES, duplicatesIn } from '../domain/behaviours.js';
import { ESCALATION_QUEUES } from '../domain/records.js';
import { Channel, Name, PageQuery, RequiredText } from './common.js';
import { UtcTimestamp } from './contacts.js';

export const BehaviourCode = z.enum(BEHAVIOUR_CODES);

export const CreateIncident = z.object({
  occurredAt: UtcTimestamp,
  channel: Channel,
  behaviours: z
    .array(BehaviourCode)
    .min(1, 'must name at least one behaviour')
    .refine((codes) => duplicatesIn(codes).length === 0, { message: 'must not list a behaviour twice' }),
  description: RequiredText,
  callTerminated: z.boolean().default(false),
  warningGiven: z.boolean().default(false),
  /** Policy 1.3: anything grossly offensive may be reported to the line manager, whatever its behaviours. */
  reportToLineManager: z.boolean().default(false),
  /** Policy 1.3: a threatening visit may need the police called at once (VISIT incidents only). */
  policeCalled: z.object({ at: UtcTimestamp, policeReference: Name.optional() }).strict().optional(),
});
export type CreateIncident = z.infer<typeof CreateIncident>;

/** The line manager's step (policy 1.3): welfare support, then escalation to the Head of Assurance. */
export const EscalateIncident = z.object({
  welfareSupportOffered: z.boolean(),
  notes: RequiredText,
  /** False closes the incident here (the notes say why) instead of sending it to the Head of Assurance. */
  escalate: z.boolean().default(true),
});
export type EscalateIncident = z.infer<typeof EscalateIncident>;

/** The Head of Assurance and Statutory Duties' report to the police force (setting POLICE_FORCE_NAME). */
export const PoliceReferral = z.object({
  /** False closes the incident without a report to the police; `notes` then say why. */
  referred: z.boolean().default(true),
  policeReference: Name.optional(),
  reportedAt: UtcTimestamp.optional(),
  notes: RequiredText.optional(),
});
export type PoliceReferral = z.infer<typeof PoliceReferral>;

/** `GET /incidents?escalation=…`: one of the two queues, oldest first. */
export const IncidentQueueQuery = PageQuery.extend({ escalation: z.enum(ESCALATION_QUEUES) });
export type IncidentQueueQuery = z.infer<typeof IncidentQueueQuery>;
