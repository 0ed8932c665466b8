/**
 * The API's resources as the console reads them: every one is the type inferred from
 * the response schema its route names in lib/routes.ts (lib/schemas), so a change to
 * the API is a compile error here rather than a surprise on a page. Imported as types
 * only: the console never bundles zod or the server's validation (its Trusted Types
 * policy would refuse zod at run time). test/unit/console-types.test.ts keeps it so.
 */
import type * as z from 'zod';
import type { AppealResource } from '../../lib/schemas/appeals.js';
import type { BreachResource } from '../../lib/schemas/breaches.js';
import type { CaseResource as CaseSchema, TimelineEntryResource } from '../../lib/schemas/cases.js';
import type { ActorSchema } from '../../lib/schemas/common.js';
import type { ContactResource } from '../../lib/schemas/contacts.js';
import type { GovernanceFiguresResource } from '../../lib/schemas/governance.js';
import type { IncidentResource } from '../../lib/schemas/incidents.js';
import type { LetterResource } from '../../lib/schemas/letters.js';
import type { RepresentativeResource } from '../../lib/schemas/representatives.js';
import type { DisposalResource, DuePage } from '../../lib/schemas/retention.js';
import type { ScreenResultResource } from '../../lib/schemas/screening.js';
import type { AccessLogEntry as AccessLogEntrySchema, ServiceUserResource } from '../../lib/schemas/service-users.js';
import type { Factor as FactorSchema } from '../../lib/schemas/strategies.js';
import type { StrategyLetterPreview, StrategyRecordResource, StrategyResource } from '../../lib/schemas/strategy-resources.js';
import type { SubjectAccessExport } from '../../lib/schemas/subject-access.js';
import type { SwitchboardCalls } from '../../lib/schemas/switchboard.js';
import type { UnansweredContactResource } from '../../lib/schemas/unanswered.js';
import type { WarningResource } from '../../lib/schemas/warnings.js';

/**
 * A resource as the console reads it: the fields its response schema names, without a
 * loose object's index signature, so a misspelt field is a compile error. A record
 * (counts by code, an export's allow-listed fields) names no field and keeps its index.
 */
type Named<T> = T extends readonly (infer E)[] ? Named<E>[] : T extends object ? ([NamedKeys<T>] extends [never] ? { [K in keyof T]: Named<T[K]> } : { [K in keyof T as string extends K ? never : K]: Named<T[K]> }) : T;
type NamedKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: 0 };
/** What a route answers, as the console reads it. */
type Answer<S extends z.ZodType> = Named<z.output<S>>;

/** Who acted, as every resource names them. */
export type Actor = Answer<typeof ActorSchema>;
/** One entry of `GET /service-users/{id}/access-log`. */
export type AccessLogEntry = Answer<typeof AccessLogEntrySchema>;
/** One factor of a strategy's assessment. */
export type Factor = Answer<typeof FactorSchema>;

/** A person as `GET /service-users/{id}` and the search answer them (the record adds flags and the change history). */
export type Person = Answer<typeof ServiceUserResource>;
/** A person as `GET /service-users/{id}` answers: with flags and the change history. */
export type PersonRecord = Person;
/** Reasonable adjustments (Equality Act 2010), as the person's record carries them: the channels they need and the format of their letters. */
export type Adjustments = NonNullable<Person['adjustments']>;
/** A representative as `GET /service-users/{id}/representatives` lists them (ended ones too). */
export type Representative = Answer<typeof RepresentativeResource>;
/** `GET /service-users/{id}/export`: the subject-access export. */
export type Export = Answer<typeof SubjectAccessExport>;

/** A case as `GET /cases/{id}` answers it. */
export type Case = Answer<typeof CaseSchema>;
/** One entry of `GET /cases/{id}/timeline`. */
export type TimelineEntry = Answer<typeof TimelineEntryResource>;

/** A contact as the contact lists answer it (a person's, a case's, the potential breaches). */
export type Contact = Answer<typeof ContactResource>;
/** `POST /contacts/screen`: what to do with the contact, and the contact recorded. */
export type ScreenResult = Answer<typeof ScreenResultResource>;
/** A contact logged without a reply as `GET /contacts/unanswered` lists it, with its second read once made. */
export type UnansweredContact = Answer<typeof UnansweredContactResource>;
/** One call of `GET /contacts/switchboard`. */
export type SwitchboardCall = Answer<typeof SwitchboardCalls>['items'][number];

/** A strategy as `GET /strategies/{id}` answers it, with its letters and history (lists, the review queue among them, answer it without them). */
export type Strategy = Answer<typeof StrategyRecordResource> & Partial<Pick<Answer<typeof StrategyResource>, 'letters' | 'history'>>;
/** `GET /strategies/{id}/letter`: the letter that tells the person about a strategy. */
export type LetterPreview = Answer<typeof StrategyLetterPreview>;
/** An incident as `GET /incidents` lists it. */
export type Incident = Answer<typeof IncidentResource>;
/** A breach as `GET /strategies/{id}/breaches` lists it. */
export type Breach = Answer<typeof BreachResource>;
/** An appeal as `GET /strategies/{id}/appeals` and `GET /appeals` list it. */
export type Appeal = Answer<typeof AppealResource>;
/** A letter exactly as it was sent (`GET /letters/{id}`, the print queue, a person's letters). */
export type Letter = Answer<typeof LetterResource>;
/** A warning in writing (policy 1.4), as `GET /service-users/{id}/warnings` lists it. */
export type Warning = Answer<typeof WarningResource>;

/** `GET /governance/figures`: one entry per UK month asked for. */
export type GovernanceFigures = Answer<typeof GovernanceFiguresResource>;
/** One month of the governance figures. */
export type GovernanceMonth = GovernanceFigures['months'][number];
/** One person of `GET /retention/due`. */
export type DuePerson = Answer<typeof DuePage>['items'][number];
/** A disposal as `GET /disposals` lists it. */
export type Disposal = Answer<typeof DisposalResource>;
