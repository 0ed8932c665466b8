import type * as z from 'zod';
import { AppealPage, AppealResource } from './schemas/appeals.js';
import { BreachPage, BreachResource } from './schemas/breaches.js';
import { CaseList, CasePage, CaseResource, TimelinePage } from './schemas/cases.js';
import { ContactPage, ContactResource } from './schemas/contacts.js';
import { GovernanceFiguresResource } from './schemas/governance.js';
import { IncidentPage, IncidentResource } from './schemas/incidents.js';
import { LetterPage, LetterResource } from './schemas/letters.js';
import { OpenApiDocument } from './schemas/openapi.js';
import { RepresentativeList, RepresentativeResource } from './schemas/representatives.js';
import { DisposalPage, DisposalResource, DuePage } from './schemas/retention.js';
import { ScreenResultResource } from './schemas/screening.js';
import { AccessLogPage, ServiceUserList, ServiceUserPage, ServiceUserResource } from './schemas/service-users.js';
import { StrategyLetterPreview, StrategyPage, StrategyResource } from './schemas/strategy-resources.js';
import { SubjectAccessExport } from './schemas/subject-access.js';
import { SwitchboardCalls } from './schemas/switchboard.js';
import { UnansweredContactPage, UnansweredContactResource } from './schemas/unanswered.js';
import { WarningPage, WarningResource } from './schemas/warnings.js';

/**
 * Every API route, the Lambda that serves it and what it does. CDK builds API
 * Gateway from this list, the local server dispatches from it and openapi.json
 * takes its summaries from it, so there is exactly one implementation of each route.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** API Gateway resource path, with `{param}` placeholders. */
  path: string;
  /** The handler module, `functions/<fn>.ts`. */
  fn: ApiFunction;
  /** False only for documents anyone may read (the OpenAPI document). */
  auth?: boolean;
  /** What the route does, in a few plain words: the operation's summary in openapi.json and the /docs page. */
  summary: string;
  /** What a success answers, for openapi.json (the integration suite checks every answer against it). */
  response?: z.ZodType;
  /** The status of a success: 201 for a POST that creates, 200 for everything else (searching, recording, deciding). */
  success: 200 | 201;
  /** The failures particular to this route; `statusesOf` adds those every route shares. */
  errors: readonly RouteError[];
  /** Accepts `Idempotency-Key` although it answers 200 (every route answering 201 accepts it). */
  idempotencyKey?: true;
}

/**
 * A route's own failures: 404 a path id that names no record (or cannot name one),
 * 409 the wrong state or a racing change, 412 a stale `If-Match`, 422 a broken rule
 * in the body or query, 428 a `PATCH` without `If-Match`.
 */
export type RouteError = 404 | 409 | 412 | 422 | 428;

const READ_ONE = [404] as const;
const LIST = [422] as const;
const LIST_OF = [404, 422] as const;
const CREATE = [409, 422] as const;
const CREATE_UNDER = [404, 409, 422] as const;
const TRANSITION = [404, 409, 422] as const;
/** Transitions that also accept `If-Match` (412 when stale). */
const TRANSITION_IF_MATCH = [404, 409, 412, 422] as const;
const UPDATE = [404, 409, 412, 422, 428] as const;

/**
 * Every status a route can answer, as openapi.json documents it: its success, its own
 * failures and those every route shares. Every route: 429 when API Gateway throttles.
 * Every route that needs a token: 400 a malformed `If-Match` or `Idempotency-Key` (or
 * body or query of the wrong shape), 401 no valid token, 403 a token without the
 * role (or a rule about who may act), 503 the table busy or the workflow not
 * starting ("nothing was saved"). Every route that takes a body: 413 one too large.
 */
export function statusesOf(spec: RouteSpec): number[] {
  const shared = spec.auth === false ? [429] : [400, 401, 403, 429, 503];
  const body = spec.method === 'POST' || spec.method === 'PATCH' ? [413] : [];
  return [...new Set([spec.success, ...spec.errors, ...shared, ...body])].sort((a, b) => a - b);
}

export const API_FUNCTIONS = [
  'service-users',
  'cases',
  'contacts',
  'screen-contact',
  'incidents',
  'strategies',
  'reviews',
  'breaches',
  'appeals',
  'openapi',
  'governance',
  'letters',
  'warnings',
  'retention',
] as const;
export type ApiFunction = (typeof API_FUNCTIONS)[number];

export const ROUTES: RouteSpec[] = [
  { method: 'POST', path: '/service-users', fn: 'service-users', summary: 'Record a service user', response: ServiceUserResource, success: 201, errors: CREATE },
  { method: 'GET', path: '/service-users', fn: 'service-users', summary: 'List service users by name (lookups go to the search route)', response: ServiceUserPage, success: 200, errors: LIST },
  { method: 'POST', path: '/service-users/search', fn: 'service-users', summary: 'Find service users by email, phone, name words or case reference', response: ServiceUserList, success: 200, errors: [422] },
  { method: 'GET', path: '/service-users/{id}', fn: 'service-users', summary: 'Get a service user', response: ServiceUserResource, success: 200, errors: READ_ONE },
  { method: 'PATCH', path: '/service-users/{id}', fn: 'service-users', summary: "Update a service user's details", response: ServiceUserResource, success: 200, errors: UPDATE },
  { method: 'GET', path: '/service-users/{id}/cases', fn: 'service-users', summary: "List a service user's cases", response: CasePage, success: 200, errors: LIST_OF },
  { method: 'GET', path: '/service-users/{id}/strategies', fn: 'service-users', summary: "List a service user's contact strategies", response: StrategyPage, success: 200, errors: LIST_OF },
  { method: 'GET', path: '/service-users/{id}/export', fn: 'service-users', summary: "Export a service user's records for a subject access request", response: SubjectAccessExport, success: 200, errors: READ_ONE },
  { method: 'GET', path: '/service-users/{id}/access-log', fn: 'service-users', summary: "List who read a service user's record, newest first", response: AccessLogPage, success: 200, errors: LIST_OF },
  { method: 'POST', path: '/service-users/{id}/representatives', fn: 'service-users', summary: "Record a service user's representative, with their consent", response: RepresentativeResource, success: 201, errors: CREATE_UNDER },
  { method: 'GET', path: '/service-users/{id}/representatives', fn: 'service-users', summary: "List a service user's representatives, ended ones too", response: RepresentativeList, success: 200, errors: READ_ONE },
  { method: 'DELETE', path: '/service-users/{id}/representatives/{repId}', fn: 'service-users', summary: 'End a representative (consent withdrawn): kept on the record as ended', response: RepresentativeResource, success: 200, errors: [404, 422] },

  { method: 'POST', path: '/cases', fn: 'cases', summary: 'Open a case for a service user', response: CaseResource, success: 201, errors: CREATE },
  { method: 'GET', path: '/cases', fn: 'cases', summary: 'Find a case by its reference', response: CaseList, success: 200, errors: LIST },
  { method: 'GET', path: '/cases/{id}', fn: 'cases', summary: 'Get a case', response: CaseResource, success: 200, errors: READ_ONE },
  { method: 'POST', path: '/cases/{id}/conclude', fn: 'cases', summary: 'Conclude a case with its final decision', response: CaseResource, success: 200, errors: TRANSITION_IF_MATCH },
  { method: 'GET', path: '/cases/{id}/timeline', fn: 'cases', summary: 'List everything recorded against a case, oldest first', response: TimelinePage, success: 200, errors: LIST_OF },

  { method: 'POST', path: '/cases/{id}/contacts', fn: 'contacts', summary: 'Log a contact on a case', response: ContactResource, success: 201, errors: CREATE_UNDER },
  { method: 'GET', path: '/cases/{id}/contacts', fn: 'contacts', summary: "List a case's contacts, newest first", response: ContactPage, success: 200, errors: LIST_OF },
  { method: 'GET', path: '/service-users/{id}/contacts', fn: 'contacts', summary: 'List every contact recorded for a service user', response: ContactPage, success: 200, errors: LIST_OF },
  { method: 'GET', path: '/contacts/potential-breaches', fn: 'contacts', summary: 'List screened contacts flagged as a potential breach, not yet reported', response: ContactPage, success: 200, errors: LIST },
  { method: 'GET', path: '/contacts/switchboard', fn: 'contacts', summary: 'List the calls screened at the switchboard in the last hour, newest first', response: SwitchboardCalls, success: 200, errors: [] },
  { method: 'GET', path: '/contacts/unanswered', fn: 'contacts', summary: 'List contacts logged without a reply, waiting for a second read or read', response: UnansweredContactPage, success: 200, errors: LIST },
  { method: 'POST', path: '/contacts/{id}/check', fn: 'contacts', summary: 'Record the second read of a contact logged without a reply', response: UnansweredContactResource, success: 200, errors: TRANSITION },
  { method: 'POST', path: '/contacts', fn: 'contacts', summary: "Record a contact outside the remit, with where the person was signposted", response: ContactResource, success: 201, errors: CREATE },
  { method: 'POST', path: '/contacts/screen', fn: 'screen-contact', summary: 'Screen an inbound contact against the strategy in force', response: ScreenResultResource, success: 200, errors: [404, 409, 422], idempotencyKey: true },

  { method: 'POST', path: '/cases/{id}/incidents', fn: 'incidents', summary: 'Record an incident of unreasonable or unacceptable behaviour', response: IncidentResource, success: 201, errors: CREATE_UNDER },
  { method: 'GET', path: '/cases/{id}/incidents', fn: 'incidents', summary: "List a case's incidents", response: IncidentPage, success: 200, errors: LIST_OF },
  { method: 'GET', path: '/incidents', fn: 'incidents', summary: 'List the incidents waiting in an escalation queue, oldest first', response: IncidentPage, success: 200, errors: LIST },
  { method: 'GET', path: '/incidents/{id}', fn: 'incidents', summary: 'Get an incident', response: IncidentResource, success: 200, errors: READ_ONE },
  { method: 'POST', path: '/incidents/{id}/escalate', fn: 'incidents', summary: 'Record welfare support and escalate or close an incident', response: IncidentResource, success: 200, errors: TRANSITION_IF_MATCH },
  { method: 'POST', path: '/incidents/{id}/police-referral', fn: 'incidents', summary: 'Record that an incident was reported to the police, or close it', response: IncidentResource, success: 200, errors: TRANSITION_IF_MATCH },

  { method: 'POST', path: '/strategies', fn: 'strategies', summary: 'Draft a contact strategy', response: StrategyResource, success: 201, errors: CREATE },
  { method: 'GET', path: '/strategies', fn: 'strategies', summary: 'List contact strategies by status, or by single point of contact', response: StrategyPage, success: 200, errors: LIST },
  { method: 'GET', path: '/strategies/{id}', fn: 'strategies', summary: 'Get a contact strategy', response: StrategyResource, success: 200, errors: READ_ONE },
  { method: 'PATCH', path: '/strategies/{id}', fn: 'strategies', summary: 'Edit a draft contact strategy', response: StrategyResource, success: 200, errors: UPDATE },
  { method: 'POST', path: '/strategies/{id}/submit', fn: 'strategies', summary: 'Submit a contact strategy for approval', response: StrategyResource, success: 200, errors: TRANSITION },
  { method: 'POST', path: '/strategies/{id}/decision', fn: 'strategies', summary: 'Approve or reject a contact strategy', response: StrategyResource, success: 200, errors: TRANSITION },
  { method: 'POST', path: '/strategies/{id}/notified', fn: 'strategies', summary: 'Record how the person was told of a strategy no letter reached them about', response: StrategyResource, success: 200, errors: TRANSITION },
  { method: 'POST', path: '/strategies/{id}/copy', fn: 'strategies', summary: 'Copy a rejected, ended or not-notified strategy into a new draft', response: StrategyResource, success: 201, errors: [404, 409] },
  { method: 'POST', path: '/strategies/{id}/spoc', fn: 'strategies', summary: "Hand a contact strategy's single point of contact to someone else", response: StrategyResource, success: 200, errors: TRANSITION },
  { method: 'POST', path: '/strategies/{id}/spoc-cover', fn: 'strategies', summary: 'Name cover for the single point of contact during an absence', response: StrategyResource, success: 200, errors: TRANSITION },
  { method: 'GET', path: '/strategies/{id}/letter', fn: 'strategies', summary: 'Preview the letter that tells the person about a strategy', response: StrategyLetterPreview, success: 200, errors: READ_ONE },
  { method: 'POST', path: '/strategies/{id}/review', fn: 'reviews', summary: 'Review a contact strategy: extend, vary or end it', response: StrategyResource, success: 200, errors: TRANSITION, idempotencyKey: true },
  { method: 'GET', path: '/reviews/due', fn: 'reviews', summary: 'List strategies whose review is due by a date', response: StrategyPage, success: 200, errors: LIST },

  { method: 'POST', path: '/strategies/{id}/breaches', fn: 'breaches', summary: 'Report a breach of a contact strategy', response: BreachResource, success: 201, errors: CREATE_UNDER },
  { method: 'GET', path: '/strategies/{id}/breaches', fn: 'breaches', summary: "List a strategy's breaches", response: BreachPage, success: 200, errors: LIST_OF },
  { method: 'GET', path: '/breaches', fn: 'breaches', summary: 'List breaches by status', response: BreachPage, success: 200, errors: LIST },
  { method: 'GET', path: '/breaches/{id}', fn: 'breaches', summary: 'Get a breach', response: BreachResource, success: 200, errors: READ_ONE },
  { method: 'POST', path: '/breaches/{id}/decision', fn: 'breaches', summary: 'Decide what to do about a breach', response: BreachResource, success: 200, errors: TRANSITION, idempotencyKey: true },
  { method: 'POST', path: '/breaches/{id}/legal-advice', fn: 'breaches', summary: 'Record the legal advice sought about a breach and what follows from it', response: BreachResource, success: 200, errors: TRANSITION, idempotencyKey: true },

  { method: 'POST', path: '/strategies/{id}/appeals', fn: 'appeals', summary: "Record the person's appeal against a contact strategy", response: AppealResource, success: 201, errors: CREATE_UNDER },
  { method: 'GET', path: '/strategies/{id}/appeals', fn: 'appeals', summary: "List a strategy's appeals", response: AppealPage, success: 200, errors: LIST_OF },
  { method: 'GET', path: '/appeals', fn: 'appeals', summary: 'List appeals by status, oldest received first', response: AppealPage, success: 200, errors: LIST },
  { method: 'GET', path: '/appeals/{id}', fn: 'appeals', summary: 'Get an appeal', response: AppealResource, success: 200, errors: READ_ONE },
  { method: 'POST', path: '/appeals/{id}/decision', fn: 'appeals', summary: 'Decide an appeal: uphold the decision, vary the strategy or end it', response: AppealResource, success: 200, errors: TRANSITION, idempotencyKey: true },

  { method: 'GET', path: '/letters', fn: 'letters', summary: 'List the print queue, or the letters that could not be sent', response: LetterPage, success: 200, errors: LIST },
  { method: 'POST', path: '/letters/{id}/posted', fn: 'letters', summary: 'Mark a printed letter from the print queue as posted', response: LetterResource, success: 200, errors: TRANSITION },
  { method: 'POST', path: '/letters/{id}/returned', fn: 'letters', summary: 'Record that a posted letter came back undelivered', response: LetterResource, success: 200, errors: TRANSITION },
  { method: 'POST', path: '/letters/{id}/resend', fn: 'letters', summary: 'Send a letter that did not reach the person again', response: LetterResource, success: 201, errors: TRANSITION },
  { method: 'GET', path: '/letters/{id}', fn: 'letters', summary: 'Get a letter exactly as it was sent', response: LetterResource, success: 200, errors: READ_ONE },
  { method: 'GET', path: '/letters/{id}/pdf', fn: 'letters', summary: 'Get the printed copy of a posted letter as a PDF', success: 200, errors: READ_ONE },
  { method: 'GET', path: '/service-users/{id}/letters', fn: 'letters', summary: 'List every letter sent or queued to a service user, newest first', response: LetterPage, success: 200, errors: LIST_OF },
  { method: 'POST', path: '/service-users/{id}/warnings', fn: 'warnings', summary: 'Warn a service user in writing (a WARNING letter by email and post)', response: WarningResource, success: 201, errors: CREATE_UNDER },
  { method: 'GET', path: '/service-users/{id}/warnings', fn: 'warnings', summary: "List a service user's warnings, newest first", response: WarningPage, success: 200, errors: LIST_OF },

  { method: 'GET', path: '/governance/figures', fn: 'governance', summary: 'Get monthly governance figures', response: GovernanceFiguresResource, success: 200, errors: LIST },
  { method: 'GET', path: '/governance/figures.csv', fn: 'governance', summary: 'Get monthly governance figures as CSV, one row a month', success: 200, errors: LIST },

  { method: 'GET', path: '/retention/due', fn: 'retention', summary: 'List the people whose records are due for disposal, oldest first', response: DuePage, success: 200, errors: LIST },
  { method: 'POST', path: '/service-users/{id}/legal-hold', fn: 'retention', summary: "Put a legal hold on a service user's records", response: ServiceUserResource, success: 200, errors: [404, 409, 422] },
  { method: 'DELETE', path: '/service-users/{id}/legal-hold', fn: 'retention', summary: "Lift the legal hold on a service user's records", response: ServiceUserResource, success: 200, errors: [404, 409] },
  { method: 'POST', path: '/disposals', fn: 'retention', summary: 'Propose disposing of the records of people who are due', response: DisposalResource, success: 201, errors: CREATE },
  { method: 'GET', path: '/disposals', fn: 'retention', summary: 'List disposals, newest proposed first', response: DisposalPage, success: 200, errors: LIST },
  { method: 'GET', path: '/disposals/{id}', fn: 'retention', summary: 'Get a disposal and, once done, what it deleted', response: DisposalResource, success: 200, errors: READ_ONE },
  {
    method: 'POST',
    path: '/disposals/{id}/decision',
    fn: 'retention',
    summary: 'Approve or reject a proposed disposal (a second person)',
    response: DisposalResource,
    success: 200,
    errors: TRANSITION,
    idempotencyKey: true,
  },

  { method: 'GET', path: '/openapi.json', fn: 'openapi', auth: false, summary: 'Get this OpenAPI document', response: OpenApiDocument, success: 200, errors: [] },
];

/** Matches a concrete path to a route template, returning its path parameters. */
export function matchRoute(method: string, path: string): { route: RouteSpec; params: Record<string, string> } | { methodMismatch: true } | undefined {
  const segments = path.split('/').filter(Boolean);
  let pathMatched = false;
  for (const route of ROUTES) {
    const template = route.path.split('/').filter(Boolean);
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = template.every((t, i) => {
      const seg = segments[i] as string;
      if (t.startsWith('{') && t.endsWith('}')) {
        params[t.slice(1, -1)] = decodeURIComponent(seg);
        return true;
      }
      return t === seg;
    });
    if (!matches) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  return pathMatched ? { methodMismatch: true } : undefined;
}
