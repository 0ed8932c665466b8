import { casesOfServiceUser } from '../lib/app/cases.js';
import { accessLogOf, getServiceUser, listServiceUsers, registerServiceUser, searchServiceUsers, strategiesOfServiceUser, updateServiceUser } from '../lib/app/service-users.js';
import { endRepresentative, recordRepresentative, representativesOf } from '../lib/app/representatives.js';
import { exportServiceUser } from '../lib/app/subject-access.js';
import { actorOf } from '../lib/auth.js';
import { api, created, ok, readerOf, requireIfMatch, route, scopeOf } from '../lib/http.js';
import { PageQuery } from '../lib/schemas/common.js';
import { CreateRepresentative, EndRepresentativeQuery } from '../lib/schemas/representatives.js';
import { CreateServiceUser, ListServiceUsersQuery, SearchServiceUsers, UpdateServiceUser } from '../lib/schemas/service-users.js';

/** Service users: register, look up, read, change, their cases and strategies, the subject-access export and who read their record. */
export const handler = api({
  'POST /service-users': route({
    permission: 'record',
    body: CreateServiceUser,
    run: async (req) => created(await registerServiceUser(req.body, actorOf(req.staff), scopeOf(req, 201))),
  }),

  'GET /service-users': route({
    permission: 'read',
    query: ListServiceUsersQuery,
    run: async ({ query }) => ok(await listServiceUsers(query.limit, query.cursor)),
  }),

  'POST /service-users/search': route({
    permission: 'read',
    body: SearchServiceUsers,
    run: async ({ body }) => ok(await searchServiceUsers(body)),
  }),

  'GET /service-users/{id}': route({
    permission: 'read',
    run: async (req) => ok(await getServiceUser(req.params.id as string, readerOf(req))),
  }),

  'PATCH /service-users/{id}': route({
    permission: 'record',
    body: UpdateServiceUser,
    run: async (req) => ok(await updateServiceUser(req.params.id as string, req.body, requireIfMatch(req), actorOf(req.staff))),
  }),

  'GET /service-users/{id}/cases': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await casesOfServiceUser(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),

  'GET /service-users/{id}/export': route({
    permission: 'export',
    run: async (req) => ({
      status: 200,
      body: await exportServiceUser(req.params.id as string, req.staff, readerOf(req).route),
      headers: { 'content-disposition': `attachment; filename="subject-access-${req.params.id}.json"` },
    }),
  }),

  'GET /service-users/{id}/strategies': route({
    permission: 'read',
    query: PageQuery,
    run: async (req) => ok(await strategiesOfServiceUser(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),

  'POST /service-users/{id}/representatives': route({
    permission: 'record',
    body: CreateRepresentative,
    run: async (req) => created(await recordRepresentative(req.params.id as string, req.body, actorOf(req.staff), scopeOf(req, 201))),
  }),

  'GET /service-users/{id}/representatives': route({
    permission: 'read',
    run: async (req) => ok(await representativesOf(req.params.id as string, readerOf(req))),
  }),

  'DELETE /service-users/{id}/representatives/{repId}': route({
    permission: 'record',
    query: EndRepresentativeQuery,
    run: async (req) => ok(await endRepresentative(req.params.id as string, req.params.repId as string, req.query.reason, actorOf(req.staff))),
  }),

  'GET /service-users/{id}/access-log': route({
    permission: 'read-access-log',
    query: PageQuery,
    run: async (req) => ok(await accessLogOf(req.params.id as string, req.query.limit, req.query.cursor, readerOf(req))),
  }),
});
