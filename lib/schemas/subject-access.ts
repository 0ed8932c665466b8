import * as z from 'zod';
import { APPEAL, BREACH, CASE, CONTACT, INCIDENT, LETTER, PERSON, REPRESENTATIVE, STRATEGY, STRATEGY_HISTORY, TIMELINE_ENTRY, WARNING, type Rule, type Spec } from '../domain/subject-access.js';

/**
 * `GET /service-users/{id}/export` as the API answers it, built from the export's own
 * allow-list (lib/domain/subject-access.ts): each record lists exactly the fields the
 * allow-list lets out (none of them always present: a field not held is left out), so
 * a field added there is documented here, and nothing else may appear. Staff appear
 * by name and role only.
 */
const StaffAsExported = z.object({ name: z.string(), role: z.string().describe('"member of staff", or "automated service".') });

const isEach = (rule: Spec | { each: Spec }): rule is { each: Spec } => Object.keys(rule).length === 1 && typeof rule.each === 'object';

function ruleSchema(rule: Rule): z.ZodType {
  if (rule === 'keep') return z.unknown();
  if (rule === 'staff') return StaffAsExported;
  return isEach(rule) ? z.array(exported(rule.each)) : exported(rule);
}

/** A record as exported: the allow-listed fields only. */
const exported = (spec: Spec) => z.object(Object.fromEntries(Object.entries(spec).map(([field, rule]) => [field, ruleSchema(rule).optional()])));

const TimelineEntryExported = exported(TIMELINE_ENTRY).extend({ summary: z.string().describe('Rebuilt from its kind and the ids it names, never the summary staff wrote.') });

export const SubjectAccessExport = z.object({
  generatedAt: z.string(),
  generatedBy: z.object({ name: z.string(), role: z.string().describe('The roles of whoever made the export.') }),
  serviceUser: exported(PERSON),
  representatives: z.array(exported(REPRESENTATIVE)),
  cases: z.array(exported(CASE)),
  timelines: z.array(z.object({ caseId: z.string(), entries: z.array(TimelineEntryExported) })),
  contacts: z.array(exported(CONTACT)),
  incidents: z.array(exported(INCIDENT)),
  strategies: z.array(
    z.object({
      strategy: exported(STRATEGY),
      history: z.array(exported(STRATEGY_HISTORY)),
      letters: z.array(exported(LETTER)),
      breaches: z.array(exported(BREACH)),
      appeals: z.array(exported(APPEAL)),
    }),
  ),
  warnings: z.array(z.object({ warning: exported(WARNING), letters: z.array(exported(LETTER)) })),
  redactions: z
    .array(z.union([z.object({ what: z.string(), reason: z.string() }), z.object({ kind: z.string(), count: z.number().int(), reason: z.string() })]))
    .describe('What the export leaves out and why: first what every export leaves out, then each timeline kind withheld and how many entries of it.'),
});
