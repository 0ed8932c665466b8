import * as z from 'zod';
import { BEHAVIOUR_CODES, BEHAVIOUR_GROUPS, duplicatesIn } from '../domain/behaviours.js';
import { ESCALATION_QUEUES, ESCALATION_STATUSES } from '../domain/records.js';
import { ActorSchema, Channel, Name, PageQuery, RequiredText, pageOf } from './common.js';
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

/** An incident as the API answers it, with where its escalation (policy 1.3) stands. Loose: a later release may add fields. */
export const IncidentResource = z.looseObject({
  id: z.string(),
  caseId: z.string(),
  serviceUserId: z.string(),
  occurredAt: z.string(),
  channel: Channel,
  behaviours: z.array(BehaviourCode).describe('The policy\'s codes (section 1.2).'),
  groups: z.array(z.enum(BEHAVIOUR_GROUPS)).describe('Derived from the behaviours: unreasonable persistence and/or unacceptable behaviour.'),
  description: z.string(),
  callTerminated: z.boolean(),
  warningGiven: z.boolean(),
  escalation: z.looseObject({
    status: z.enum(ESCALATION_STATUSES),
    queuedAt: z.string().optional().describe('When it entered the queue it waits in; absent otherwise.'),
    lineManager: z
      .object({ welfareSupportOffered: z.boolean(), notes: z.string(), escalate: z.boolean(), escalatedAt: z.string(), escalatedBy: ActorSchema })
      .optional()
      .describe("The line manager's step: welfare support offered, then escalated to the Head of Assurance or (`escalate: false`) closed."),
    policeReferral: z
      .object({
        referred: z.boolean(),
        policeReference: z.string().optional(),
        reportedAt: z.string().optional(),
        notes: z.string().optional(),
        recordedAt: z.string(),
        recordedBy: ActorSchema,
      })
      .optional()
      .describe("The Head of Assurance's outcome: reported to the police, or (`referred: false`) closed with notes."),
    closedAt: z.string().optional(),
  }),
  policeCalled: z.object({ at: z.string(), policeReference: z.string().optional() }).optional().describe('A threatening visit: the police were called.'),
  chasedAt: z.string().optional().describe("While it waits in a queue: when that queue's mailbox was last reminded."),
  escalatedToSomAt: z.string().optional().describe('While it waits in a queue: when the Statutory Operations Manager was told it still waits.'),
  somConsultedAt: z.string().optional().describe('Written threats or abuse: when the Statutory Operations Manager was emailed to consider a strategy.'),
  recordedAt: z.string(),
  recordedBy: ActorSchema,
  updatedAt: z.string(),
  version: z.number().int().describe('The version to send back as If-Match.'),
});
export const IncidentPage = pageOf(IncidentResource);
