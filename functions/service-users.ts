import { actorOf } from '../lib/auth.js';
import { contactPointOf, normaliseEmail, normalisePhone } from '../lib/domain/contact-points.js';
import { badRequest, notFound } from '../lib/errors.js';
import { api, created, ok, PageQuery, requireIfMatch, route } from '../lib/http.js';
import { CreateServiceUser, LookupQuery, UpdateServiceUser } from '../lib/schemas/service-users.js';
import { idempotent } from '../lib/store/db.js';
import { createServiceUserWrites, findByContactPoint, getServiceUserItem, searchByName, toServiceUser, updateServiceUser } from '../lib/store/service-users.js';
import { listCasesOfServiceUser } from '../lib/store/cases.js';
import { listStrategiesOfServiceUser } from '../lib/store/strategies.js';
import { exportServiceUser } from '../lib/store/subject-access.js';
import { logger } from '../lib/observability.js';

export const handler = api({
  'POST /service-users': route({
    permission: 'record',
    body: CreateServiceUser,
    run: (req) =>
      idempotent(req, async () => {
        const { user, writes } = createServiceUserWrites(req.body, actorOf(req.staff));
        return { response: created(user), writes };
      }),
  }),

  'GET /service-users': route({
    permission: 'read',
    query: LookupQuery,
    run: async ({ query }) => {
      if (query.name !== undefined) return ok(await searchByName(query.name, query.limit, query.cursor));
      const point = query.email !== undefined ? { kind: 'EMAIL' as const, value: normaliseEmail(query.email) } : contactPointOf(query.phone ?? '');
      if (!point || (query.phone !== undefined && point.kind !== 'PHONE')) {
        throw badRequest('phone is not a phone number.', [{ path: 'query.phone', message: 'not a phone number' }]);
      }
      return ok({ items: await findByContactPoint(point.kind, point.kind === 'PHONE' ? normalisePhone(point.value) : point.value) });
    },
  }),

  'GET /service-users/{id}': route({
    permission: 'read',
    run: async ({ params }) => {
      const item = await getServiceUserItem(params.id as string);
      if (!item) throw notFound(`No service user ${params.id}.`);
      return ok(toServiceUser(item as unknown as Record<string, unknown>));
    },
  }),

  'PATCH /service-users/{id}': route({
    permission: 'record',
    body: UpdateServiceUser,
    run: async (req) => ok(await updateServiceUser(req.params.id as string, req.body, requireIfMatch(req))),
  }),

  'GET /service-users/{id}/cases': route({
    permission: 'read',
    query: PageQuery,
    run: async ({ params, query }) => {
      if (!(await getServiceUserItem(params.id as string))) throw notFound(`No service user ${params.id}.`);
      return ok(await listCasesOfServiceUser(params.id as string, query.limit, query.cursor));
    },
  }),

  'GET /service-users/{id}/export': route({
    permission: 'export',
    run: async ({ params, staff }) => {
      const data = await exportServiceUser(params.id as string);
      // An audit trail of who exported whose record (ids only).
      logger.info('subject access export', { serviceUserId: params.id, exportedBy: staff.sub });
      return { status: 200, body: data, headers: { 'content-disposition': `attachment; filename="subject-access-${params.id}.json"` } };
    },
  }),

  'GET /service-users/{id}/strategies': route({
    permission: 'read',
    query: PageQuery,
    run: async ({ params, query }) => {
      if (!(await getServiceUserItem(params.id as string))) throw notFound(`No service user ${params.id}.`);
      return ok(await listStrategiesOfServiceUser(params.id as string, query.limit, query.cursor));
    },
  }),
});

