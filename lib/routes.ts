import type * as z from 'zod';
import { ContactPage, ContactResource } from './schemas/contacts.js';
import { AccessLogPage } from './schemas/service-users.js';

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
  /** What a success answers, for openapi.json (documentation only: answers are not validated against it). */
  response?: z.ZodType;
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
] as const;
export type ApiFunction = (typeof API_FUNCTIONS)[number];

export const ROUTES: RouteSpec[] = [
  { method: 'POST', path: '/service-users', fn: 'service-users', summary: 'Record a service user' },
  { method: 'GET', path: '/service-users', fn: 'service-users', summary: 'List service users by name (lookups go to the search route)' },
  { method: 'POST', path: '/service-users/search', fn: 'service-users', summary: 'Find service users by email, phone, name words or case reference' },
  { method: 'GET', path: '/service-users/{id}', fn: 'service-users', summary: 'Get a service user' },
  { method: 'PATCH', path: '/service-users/{id}', fn: 'service-users', summary: "Update a service user's details" },
  { method: 'GET', path: '/service-users/{id}/cases', fn: 'service-users', summary: "List a service user's cases" },
  { method: 'GET', path: '/service-users/{id}/strategies', fn: 'service-users', summary: "List a service user's contact strategies" },
  { method: 'GET', path: '/service-users/{id}/export', fn: 'service-users', summary: "Export a service user's records for a subject access request" },
  { method: 'GET', path: '/service-users/{id}/access-log', fn: 'service-users', summary: "List who read a service user's record, newest first", response: AccessLogPage },

  { method: 'POST', path: '/cases', fn: 'cases', summary: 'Open a case for a service user' },
  { method: 'GET', path: '/cases', fn: 'cases', summary: 'Find a case by its reference' },
  { method: 'GET', path: '/cases/{id}', fn: 'cases', summary: 'Get a case' },
  { method: 'POST', path: '/cases/{id}/conclude', fn: 'cases', summary: 'Conclude a case with its final decision' },
  { method: 'GET', path: '/cases/{id}/timeline', fn: 'cases', summary: 'List everything recorded against a case, oldest first' },

  { method: 'POST', path: '/cases/{id}/contacts', fn: 'contacts', summary: 'Log a contact on a case', response: ContactResource },
  { method: 'GET', path: '/cases/{id}/contacts', fn: 'contacts', summary: "List a case's contacts, newest first", response: ContactPage },
  { method: 'GET', path: '/service-users/{id}/contacts', fn: 'contacts', summary: 'List every contact recorded for a service user', response: ContactPage },
  { method: 'GET', path: '/contacts/potential-breaches', fn: 'contacts', summary: 'List screened contacts flagged as a potential breach, not yet reported', response: ContactPage },
  { method: 'GET', path: '/contacts/unanswered', fn: 'contacts', summary: 'List contacts logged without a reply, waiting for a second read or read' },
  { method: 'POST', path: '/contacts/{id}/check', fn: 'contacts', summary: 'Record the second read of a contact logged without a reply' },
  { method: 'POST', path: '/contacts/screen', fn: 'screen-contact', summary: 'Screen an inbound contact against the strategy in force' },

  { method: 'POST', path: '/cases/{id}/incidents', fn: 'incidents', summary: 'Record an incident of unreasonable or unacceptable behaviour' },
  { method: 'GET', path: '/cases/{id}/incidents', fn: 'incidents', summary: "List a case's incidents" },
  { method: 'GET', path: '/incidents', fn: 'incidents', summary: 'List the incidents waiting in an escalation queue, oldest first' },
  { method: 'GET', path: '/incidents/{id}', fn: 'incidents', summary: 'Get an incident' },
  { method: 'POST', path: '/incidents/{id}/escalate', fn: 'incidents', summary: 'Record welfare support and escalate or close an incident' },
  { method: 'POST', path: '/incidents/{id}/police-referral', fn: 'incidents', summary: 'Record that an incident was reported to the police, or close it' },

  { method: 'POST', path: '/strategies', fn: 'strategies', summary: 'Draft a contact strategy' },
  { method: 'GET', path: '/strategies', fn: 'strategies', summary: 'List contact strategies by status' },
  { method: 'GET', path: '/strategies/{id}', fn: 'strategies', summary: 'Get a contact strategy' },
  { method: 'PATCH', path: '/strategies/{id}', fn: 'strategies', summary: 'Edit a draft contact strategy' },
  { method: 'POST', path: '/strategies/{id}/submit', fn: 'strategies', summary: 'Submit a contact strategy for approval' },
  { method: 'POST', path: '/strategies/{id}/decision', fn: 'strategies', summary: 'Approve or reject a contact strategy' },
  { method: 'POST', path: '/strategies/{id}/notified', fn: 'strategies', summary: 'Record how the person was told of a strategy no letter reached them about' },
  { method: 'POST', path: '/strategies/{id}/copy', fn: 'strategies', summary: 'Copy a rejected, ended or not-notified strategy into a new draft' },
  { method: 'GET', path: '/strategies/{id}/letter', fn: 'strategies', summary: 'Preview the letter that tells the person about a strategy' },
  { method: 'POST', path: '/strategies/{id}/review', fn: 'reviews', summary: 'Review a contact strategy: extend, vary or end it' },
  { method: 'GET', path: '/reviews/due', fn: 'reviews', summary: 'List strategies whose review is due by a date' },

  { method: 'POST', path: '/strategies/{id}/breaches', fn: 'breaches', summary: 'Report a breach of a contact strategy' },
  { method: 'GET', path: '/strategies/{id}/breaches', fn: 'breaches', summary: "List a strategy's breaches" },
  { method: 'GET', path: '/breaches', fn: 'breaches', summary: 'List breaches by status' },
  { method: 'GET', path: '/breaches/{id}', fn: 'breaches', summary: 'Get a breach' },
  { method: 'POST', path: '/breaches/{id}/decision', fn: 'breaches', summary: 'Decide what to do about a breach' },

  { method: 'POST', path: '/strategies/{id}/appeals', fn: 'appeals', summary: "Record the person's appeal against a contact strategy" },
  { method: 'GET', path: '/strategies/{id}/appeals', fn: 'appeals', summary: "List a strategy's appeals" },
  { method: 'GET', path: '/appeals', fn: 'appeals', summary: 'List appeals by status, oldest received first' },
  { method: 'GET', path: '/appeals/{id}', fn: 'appeals', summary: 'Get an appeal' },
  { method: 'POST', path: '/appeals/{id}/decision', fn: 'appeals', summary: 'Decide an appeal: uphold the decision, vary the strategy or end it' },

  { method: 'GET', path: '/letters/{id}', fn: 'letters', summary: 'Get a letter exactly as it was sent' },
  { method: 'GET', path: '/letters/{id}/pdf', fn: 'letters', summary: 'Get the printed copy of a posted letter as a PDF' },
  { method: 'GET', path: '/service-users/{id}/letters', fn: 'letters', summary: 'List every letter sent or queued to a service user, newest first' },
  { method: 'POST', path: '/service-users/{id}/warnings', fn: 'warnings', summary: 'Warn a service user in writing (a WARNING letter by email and post)' },
  { method: 'GET', path: '/service-users/{id}/warnings', fn: 'warnings', summary: "List a service user's warnings, newest first" },

  { method: 'GET', path: '/governance/figures', fn: 'governance', summary: 'Get monthly governance figures' },

  { method: 'GET', path: '/openapi.json', fn: 'openapi', auth: false, summary: 'Get this OpenAPI document' },
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
