import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import type { Appeal } from '../../lib/app/appeals.js';
import type { LetterAsSent } from '../../lib/app/letters-as-sent.js';
import type { DuePerson } from '../../lib/app/retention.js';
import type { UnansweredView } from '../../lib/app/unanswered.js';
import type { GovernanceFigures } from '../../lib/domain/governance.js';
import { ROUTES } from '../../lib/routes.js';
import type { AppealResource } from '../../lib/schemas/appeals.js';
import type { BreachResource } from '../../lib/schemas/breaches.js';
import type { CaseResource, TimelineEntryResource } from '../../lib/schemas/cases.js';
import type { ContactResource } from '../../lib/schemas/contacts.js';
import type { GovernanceFiguresResource } from '../../lib/schemas/governance.js';
import type { IncidentResource } from '../../lib/schemas/incidents.js';
import type { LetterResource } from '../../lib/schemas/letters.js';
import type { RepresentativeResource } from '../../lib/schemas/representatives.js';
import type { DisposalResource, DuePage } from '../../lib/schemas/retention.js';
import type { ScreenResult, ScreenResultResource } from '../../lib/schemas/screening.js';
import type { ServiceUserResource } from '../../lib/schemas/service-users.js';
import type { StrategyRecordResource, StrategyResource } from '../../lib/schemas/strategy-resources.js';
import type { UnansweredContactResource } from '../../lib/schemas/unanswered.js';
import type { WarningResource } from '../../lib/schemas/warnings.js';
import type { Breach } from '../../lib/store/breaches.js';
import type { Case } from '../../lib/store/cases.js';
import type { Contact } from '../../lib/store/contacts.js';
import type { Disposal } from '../../lib/store/disposals.js';
import type { Incident } from '../../lib/store/incidents.js';
import type { Representative } from '../../lib/store/representatives.js';
import type { ServiceUser } from '../../lib/store/service-users.js';
import type { Strategy, StrategyRecord } from '../../lib/store/strategies.js';
import type { TimelineEntry } from '../../lib/store/timeline.js';
import type { Warning } from '../../lib/store/warnings.js';

/** The fields a schema names, without the index signature a loose object adds, all the way down. */
type Named<T> = T extends readonly (infer E)[] ? Named<E>[] : T extends object ? { [K in keyof T as string extends K ? never : K]: Named<T[K]> } : T;

/**
 * A TypeScript type and a response schema agree when every value of the type is a
 * value of the schema (so a field always present there is always present here, and
 * every enum value is documented) and both name the same fields (nothing answered
 * goes undocumented, nothing documented is never answered).
 */
type Agree<T, Schema extends z.ZodType> = [T] extends [Named<z.output<Schema>>]
  ? [Exclude<keyof T, keyof Named<z.output<Schema>>>, Exclude<keyof Named<z.output<Schema>>, keyof T>] extends [never, never]
    ? true
    : { undocumented: Exclude<keyof T, keyof Named<z.output<Schema>>>; neverAnswered: Exclude<keyof Named<z.output<Schema>>, keyof T> }
  : { notAssignable: T };

/** Checked by tsc (`npx tsc --noEmit`, part of the build): a failure names the fields that disagree. */
type Expect<T extends true> = T;
export type ResponseSchemasAgree = [
  Expect<Agree<ServiceUser & { flags?: string[]; historyTruncated?: true }, typeof ServiceUserResource>>,
  Expect<Agree<Case, typeof CaseResource>>,
  Expect<Agree<Required<TimelineEntry>, typeof TimelineEntryResource>>,
  Expect<Agree<Contact, typeof ContactResource>>,
  Expect<Agree<UnansweredView, typeof UnansweredContactResource>>,
  Expect<Agree<ScreenResult, typeof ScreenResultResource>>,
  Expect<Agree<Incident, typeof IncidentResource>>,
  Expect<Agree<StrategyRecord, typeof StrategyRecordResource>>,
  Expect<Agree<Strategy, typeof StrategyResource>>,
  Expect<Agree<Breach, typeof BreachResource>>,
  Expect<Agree<Appeal, typeof AppealResource>>,
  Expect<Agree<LetterAsSent, typeof LetterResource>>,
  Expect<Agree<Warning, typeof WarningResource>>,
  Expect<Agree<GovernanceFigures, typeof GovernanceFiguresResource>>,
  Expect<Agree<Representative, typeof RepresentativeResource>>,
  Expect<Agree<Disposal, typeof DisposalResource>>,
  Expect<Agree<{ items: DuePerson[]; nextCursor?: string }, typeof DuePage>>,
];

type Operation = { responses: Record<string, { content?: Record<string, { schema: { type?: string; properties?: object; $ref?: string } }> }> };
const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as { paths: Record<string, Record<string, Operation>> };

describe('every success in openapi.json', () => {
  it('documents its body: a JSON answer has a schema with its fields, never a bare object', () => {
    const bare: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses)) {
          const schema = response.content?.['application/json']?.schema;
          if (!status.startsWith('2') || !schema) continue;
          if (!schema.properties || Object.keys(schema.properties).length === 0) bare.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(bare).toEqual([]);
  });

  it('comes from the route table: every route answering JSON names its response schema', () => {
    const binary = (path: string) => path.endsWith('/pdf') || path.endsWith('.csv');
    expect(ROUTES.filter((r) => !binary(r.path) && !r.response).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(doc.paths['/letters/{id}/pdf']?.get?.responses['200']?.content).toHaveProperty('application/pdf');
    expect(doc.paths['/governance/figures.csv']?.get?.responses['200']?.content).toHaveProperty('text/csv');
  });
});
