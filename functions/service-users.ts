import { idempotent } from '../lib/app/idempotency.js';
import { casesOfServiceUser } from '../lib/app/cases.js';
import { getServiceUser, lookUpServiceUsers, registerServiceUser, strategiesOfServiceUser, updateServiceUser } from '../lib/app/service-users.js';
import { exportServiceUser } from '../lib/app/subject-access.js';
import { actorOf } from '../lib/auth.js';
import { api, created, ok, requireIfMatch, route } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { CreateServiceUser, LookupQuery, UpdateServiceUser } from '../lib/schemas/service-users.js';

/** Service users: register, look up, read, change, their cases and strategies, and the subject-access export. */
export const handler = api({
  'POST /service-users': route({
    permission: 'record',
    body: CreateServiceUser,
    run: (req) =>
      idempotent(req, async () => {
        const { user, writes } = registerServiceUser(req.body, actorOf(req.staff));
        return { response: created(user), writes };
      }),
  }),

  'GET /service-users': route({
    permission: 'read',
    query: LookupQuery,
    run: async ({ query }) => ok(await lookUpServiceUsers(query)),
  }),

  'GET /service-users/{id}': route({
    permission: 'read',
    run: async ({ params }) => ok(await getServiceUser(params.id as string)),
  }),

  'PATCH /service-users/{id}': route({
    permission: 'record',
    body: UpdateServiceUser,
    run: async (req) => ok(await updateServiceUser(req.params.id as string, req.body, requireIfMatch(req))),
  }),

  'GET /service-users/{id}/cases': route({
    permission: 'read',
    query: PageQuery,
    run: async ({ params, query }) => ok(await casesOfServiceUser(params.id as string, query.limit, query.cursor)),
  }),

  'GET /service-users/{id}/export': route({
    permission: 'export',
    run: async ({ params, staff }) => ({
      status: 200,
      body: await exportServiceUser(params.id as string, staff.sub),
      headers: { 'content-disposition': `attachment; filename="subject-access-${params.id}.json"` },
    }),
  }),

  'GET /service-users/{id}/strategies': route({
    permission: 'read',
    query: PageQuery,
    run: async ({ params, query }) => ok(await strategiesOfServiceUser(params.id as string, query.limit, query.cursor)),
  }),
});
