import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../lib/routes.js';
import { call, tokenFor, type RoleName } from './client.js';

/**
 * The roles table (docs/architecture.md, Roles), written out independently of the code: every route
 * tried with every role and with no token. A route missing here fails the test, so
 * a new route cannot ship without a decision about who may call it.
 */
const ALL: RoleName[] = ['caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance', 'auditor'];
const STAFF_WHO_RECORD: RoleName[] = ['caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance'];

const whoMay: Record<string, RoleName[] | 'anyone'> = {
  'POST /service-users': STAFF_WHO_RECORD,
  // A lookup with a JSON body (personal data stays out of URLs): anyone who may read.
  'POST /service-users/search': ALL,
  'PATCH /service-users/{id}': STAFF_WHO_RECORD,
  'GET /service-users/{id}/export': ['statutory-operations-manager', 'auditor'],
  // (3) Who read a person's record.
  'GET /service-users/{id}/access-log': ['statutory-operations-manager', 'auditor'],
  // (3) A person's representatives: recorded and ended by any role that may write.
  'POST /service-users/{id}/representatives': STAFF_WHO_RECORD,
  'DELETE /service-users/{id}/representatives/{repId}': STAFF_WHO_RECORD,
  // (3) A contact outside the office's remit.
  'POST /contacts': STAFF_WHO_RECORD,
  'POST /cases': STAFF_WHO_RECORD,
  'POST /cases/{id}/conclude': STAFF_WHO_RECORD,
  'POST /cases/{id}/contacts': STAFF_WHO_RECORD,
  'POST /cases/{id}/incidents': STAFF_WHO_RECORD,
  'POST /contacts/screen': STAFF_WHO_RECORD,
  // (3) The calls screened at the switchboard, on the desk of whoever answers the phone.
  'GET /contacts/switchboard': STAFF_WHO_RECORD,
  // (2) The second read of a contact logged without a reply.
  'POST /contacts/{id}/check': ['line-manager', 'statutory-operations-manager'],
  'POST /incidents/{id}/escalate': ['line-manager'],
  'POST /incidents/{id}/police-referral': ['head-of-assurance'],
  'POST /strategies': STAFF_WHO_RECORD,
  'PATCH /strategies/{id}': STAFF_WHO_RECORD,
  'POST /strategies/{id}/submit': STAFF_WHO_RECORD,
  'POST /strategies/{id}/decision': ['statutory-operations-manager'],
  'POST /strategies/{id}/notified': STAFF_WHO_RECORD,
  'POST /strategies/{id}/copy': STAFF_WHO_RECORD,
  'POST /strategies/{id}/review': ['statutory-operations-manager'],
  'POST /strategies/{id}/spoc': ['statutory-operations-manager'],
  'POST /strategies/{id}/spoc-cover': STAFF_WHO_RECORD,
  'POST /strategies/{id}/breaches': STAFF_WHO_RECORD,
  'POST /breaches/{id}/decision': ['statutory-operations-manager'],
  // (3) The outcome of the legal advice a decision sought.
  'POST /breaches/{id}/legal-advice': ['statutory-operations-manager'],
  'POST /strategies/{id}/appeals': STAFF_WHO_RECORD,
  // (2) A warning in writing: any role that may write.
  'POST /service-users/{id}/warnings': STAFF_WHO_RECORD,
  // (3) The post: the print queue and failed letters, posted, returned, sent again.
  'GET /letters': STAFF_WHO_RECORD,
  'POST /letters/{id}/posted': STAFF_WHO_RECORD,
  'POST /letters/{id}/returned': STAFF_WHO_RECORD,
  'POST /letters/{id}/resend': STAFF_WHO_RECORD,
  'POST /appeals/{id}/decision': ['statutory-operations-manager', 'head-of-assurance'],
  // (3) Retention and disposal: the SOM answers for it; a second person (SOM or Head of Assurance) decides; the auditor reads.
  'GET /retention/due': ['statutory-operations-manager', 'auditor'],
  'POST /service-users/{id}/legal-hold': ['statutory-operations-manager'],
  'DELETE /service-users/{id}/legal-hold': ['statutory-operations-manager'],
  'POST /disposals': ['statutory-operations-manager'],
  'POST /disposals/{id}/decision': ['statutory-operations-manager', 'head-of-assurance'],
  'GET /disposals': ['statutory-operations-manager', 'head-of-assurance', 'auditor'],
  'GET /disposals/{id}': ['statutory-operations-manager', 'head-of-assurance', 'auditor'],
  'GET /openapi.json': 'anyone',
};

const concrete = (path: string) => path.replace(/\{\w+\}/g, '01UNKNOWNID0000000000000000');

describe('authorisation matches the roles table for every route, role and missing token', () => {
  for (const route of ROUTES) {
    const key = `${route.method} ${route.path}`;
    const expected = whoMay[key] ?? (route.method === 'GET' ? ALL : undefined);

    it(`${key}`, async () => {
      expect(expected, `${key} is not in this test's roles table`).toBeDefined();
      const body = route.method === 'GET' ? undefined : {};
      const anonymous = await call(route.method, concrete(route.path), { token: null, body });
      if (expected === 'anyone') {
        expect(anonymous.status).toBe(200);
        return;
      }
      expect(anonymous.status).toBe(401);
      for (const role of ALL) {
        const res = await call(route.method, concrete(route.path), { token: await tokenFor([role]), body });
        const allowed = (expected as RoleName[]).includes(role);
        if (allowed) expect([401, 403], `${role} should be allowed ${key}`).not.toContain(res.status);
        else expect(res.status, `${role} should be refused ${key}`).toBe(403);
        expect(res.status).toBeLessThan(500);
      }
    });
  }
});
