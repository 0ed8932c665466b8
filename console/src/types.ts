/**
 * The API's resources as the console reads them. Where the server has a schema for a
 * resource (lib/schemas), the type is the one inferred from it, so a change to the API
 * is a compile error here rather than a surprise on a page. Imported as types only:
 * the console never bundles zod or the server's validation.
 */
import type { ScreenResult } from '../../lib/schemas/screening.js';
import type { ActorResource } from '../../lib/schemas/common.js';
import type * as z from 'zod';
import type { BreachResource } from '../../lib/schemas/breaches.js';
import type { CaseResource as CaseSchema, TimelineEntryResource } from '../../lib/schemas/cases.js';
import type { IncidentResource } from '../../lib/schemas/incidents.js';
import type { AccessLogEntry, ServiceUserResource } from '../../lib/schemas/service-users.js';
import type { Factor } from '../../lib/schemas/strategies.js';
import type { StrategyRecordResource, StrategyResource } from '../../lib/schemas/strategy-resources.js';

export type { AccessLogEntry, Factor, ScreenResult };
export type Actor = ActorResource;
export type TimelineEntry = TimelineEntryResource;

/** A resource as the console reads it: the fields its response schema names (without the loose object's index signature, so a misspelt field is a compile error). */
type Named<T> = T extends readonly (infer E)[] ? Named<E>[] : T extends object ? { [K in keyof T as string extends K ? never : K]: Named<T[K]> } : T;

/** A person as `GET /service-users/{id}` and the search answer them. */
export type Person = Named<z.output<typeof ServiceUserResource>>;
/** A case as `GET /cases/{id}` answers it. */
export type Case = Named<z.output<typeof CaseSchema>>;
/** A strategy as `GET /strategies/{id}` answers it, with its letters and history (lists answer it without them). */
export type Strategy = Named<z.output<typeof StrategyRecordResource>> & Partial<Pick<Named<z.output<typeof StrategyResource>>, 'letters' | 'history'>>;
/** An incident as `GET /incidents` lists it. */
export type Incident = Named<z.output<typeof IncidentResource>>;
/** A breach as `GET /strategies/{id}/breaches` lists it. */
export type Breach = Named<z.output<typeof BreachResource>>;
/** A person as `GET /service-users/{id}` answers: with flags and the change history. */
export type PersonRecord = Person;
