import { contactsOfCase, contactsOfServiceUser, logContact, logOutsideRemit, potentialBreaches } from '../lib/app/contacts.js';
import { actorOf } from '../lib/auth.js';
import { api, created, ok, readerOf, route, scopeOf } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { ContactWindowQuery, CreateContact, CreateOutsideRemitContact } from '../lib/schemas/contacts.js';
import { CheckContact, UnansweredQuery } from '../lib/schemas/unanswered.js';
import { checkContact, listUnansweredContacts } from '../lib/app/unanswered.js';
import { callsAtSwitchboard } from '../lib/app/switchboard.js';
import { buildAtColdStart, mailer } from '../lib/wiring.js';

// Built at cold start, so a missing setting fails here, naming it (a SAFEGUARDING check emails the SOM).
buildAtColdStart(mailer);

/** The contact log: contacts recorded against a case (policy 1.3: "all actions, contact and communication will be recorded"). */
export const handler = api({
  'POST /cases/{id}/contacts': route({
    permission: 'record',
    body: CreateContact,
    run: async (req) => created(await logContact(req.params.id as string, req.body, actorOf(req.staff), scopeOf(req, 201))),
  }),

  'POST /contacts': route({
    permission: 'record',
    body: CreateOutsideRemitContact,
    run: async (req) => created(await logOutsideRemit(req.body, actorOf(req.staff), scopeOf(req, 201))),
  }),

  'GET /cases/{id}/contacts': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await contactsOfCase(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),

  'GET /service-users/{id}/contacts': route({
    permission: 'read',
    query: ContactWindowQuery,
    run: async (req) => ok(await contactsOfServiceUser(req.params.id as string, req.query, req.query.limit, req.query.cursor, readerOf(req))),
  }),

  'GET /contacts/potential-breaches': route({
    permission: 'read',
    query: PageQuery,
    run: async ({ query }) => ok(await potentialBreaches(query.limit, query.cursor)),
  }),

  // Calls screened at the switchboard (Amazon Connect) in the last hour, for the desk.
  'GET /contacts/switchboard': route({
    permission: 'record',
    run: async () => ok(await callsAtSwitchboard()),
  }),

  // Contacts logged without a reply, and their second read (docs/screening.md).
  'GET /contacts/unanswered': route({
    permission: 'read',
    query: UnansweredQuery,
    run: async ({ query }) => ok(await listUnansweredContacts(query.checked, query.limit, query.cursor)),
  }),

  'POST /contacts/{id}/check': route({
    permission: 'check-unanswered',
    body: CheckContact,
    run: async (req) => ok(await checkContact(req.params.id as string, req.body, actorOf(req.staff))),
  }),
});
