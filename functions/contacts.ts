import { actorOf } from '../lib/auth.js';
import { now } from '../lib/clock.js';
import { notInFuture } from '../lib/domain/records.js';
import { notFound, unprocessable } from '../lib/errors.js';
import { api, created, ok, PageQuery, route } from '../lib/http.js';
import { ContactWindowQuery, CreateContact } from '../lib/schemas/contacts.js';
import { requireCase } from '../lib/store/cases.js';
import { listContactsOfCase, listContactsOfServiceUser, logContactWrites } from '../lib/store/contacts.js';
import { idempotent } from '../lib/store/db.js';
import { getServiceUserItem, requireServiceUserItem } from '../lib/store/service-users.js';

/** The contact log: contacts recorded against a case (policy 1.3: "all actions, contact and communication will be recorded"). */
export const handler = api({
  'POST /cases/{id}/contacts': route({
    permission: 'record',
    body: CreateContact,
    run: (req) =>
      idempotent(req, async () => {
        const kase = await requireCase(req.params.id as string);
        const errors = notInFuture('occurredAt', req.body.occurredAt, now());
        if (errors.length) throw unprocessable('occurredAt must not be in the future.', errors);
        const person = await requireServiceUserItem(kase.serviceUserId);
        const { contact, writes } = logContactWrites(kase, person, req.body, actorOf(req.staff));
        return { response: created(contact), writes };
      }),
  }),

  'GET /cases/{id}/contacts': route({
    permission: 'read',
    query: PageQuery,
    run: async ({ params, query }) => {
      await requireCase(params.id as string);
      return ok(await listContactsOfCase(params.id as string, query.limit, query.cursor));
    },
  }),

  'GET /service-users/{id}/contacts': route({
    permission: 'read',
    query: ContactWindowQuery,
    run: async ({ params, query }) => {
      if (!(await getServiceUserItem(params.id as string))) throw notFound(`No service user ${params.id}.`);
      return ok(await listContactsOfServiceUser(params.id as string, query.from, query.to, query.limit, query.cursor));
    },
  }),
});
