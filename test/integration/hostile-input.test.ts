import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTES } from '../../lib/routes.js';
import { call, newPersonWithCase, tokenFor, type RoleName } from './client.js';

/**
 * Fuzzing every route that takes a body with hostile values: no 5xx, ever, and a
 * refused request writes nothing (DynamoDB accepts no write while it is answered,
 * counted by the integration stack's write counter).
 */
async function writes(): Promise<number> {
  return ((await (await fetch(inject('dynamodbWritesUrl'))).json()) as { writes: number }).writes;
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('<script>alert(1)</script>', "'; DROP TABLE x; --", '\u0000', '\uFEFF', '𝕏'.repeat(50), 'x'.repeat(10_001), '{{7*7}}', '../../etc/passwd', ' ', '', 'NaN', '-1', '1e309'),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('type', 'caseIds', 'channel', 'name', '__proto__', 'constructor'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const FIELDS = [
  'name', 'emails', 'phones', 'postalAddress', 'additionalNeeds', 'serviceUserId', 'type', 'subject', 'finalDecision',
  'outcomeExplained', 'rightOfReviewAdvised', 'channel', 'direction', 'occurredAt', 'summary', 'durationMinutes', 'behaviours',
  'description', 'callTerminated', 'warningGiven', 'welfareSupportOffered', 'notes', 'policeReference', 'reportedAt', 'caseIds',
  'reason', 'purpose', 'reviewDate', 'restrictions', 'factors', 'decision', 'comments', 'outcome', 'nextReviewDate', 'actions',
  'contactIds', 'incidentIds', 'from', 'freshMatter', 'receivedAt',
];
const hostileBody = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), hostileValue, { maxKeys: 8 }),
  hostileValue,
  fc.constantFrom('{"name":', '[]', 'null', '"just a string"', '{"name": "x", "name": 5}'),
);

describe('hostile input', () => {
  const ids: Record<string, string> = {};
  const ROLE: Record<string, RoleName> = {
    'POST /incidents/{id}/escalate': 'line-manager',
    'POST /incidents/{id}/police-referral': 'head-of-assurance',
    'POST /strategies/{id}/decision': 'statutory-operations-manager',
    'POST /strategies/{id}/review': 'statutory-operations-manager',
    'POST /breaches/{id}/decision': 'statutory-operations-manager',
  };

  beforeAll(async () => {
    const { person, kase } = await newPersonWithCase();
    ids.serviceUser = person.id;
    ids.case = kase.id;
  });

  it('counts what DynamoDB accepts: a created person moves the write counter, a refused one does not', async () => {
    const token = await tokenFor(['caseworker']);
    const before = await writes();
    expect((await call('POST', '/service-users', { token, body: { name: 'Counted Person' } })).status).toBe(201);
    const afterCreate = await writes();
    expect(afterCreate).toBeGreaterThan(before);
    expect((await call('POST', '/service-users', { token, body: { name: 5 } })).status).toBe(400);
    expect(await writes()).toBe(afterCreate);
  });

  const writeRoutes = ROUTES.filter((r) => r.method === 'POST' || r.method === 'PATCH');
  for (const route of writeRoutes) {
    it(`${route.method} ${route.path} never answers 5xx and writes nothing when it refuses`, async () => {
      const path = route.path.replace('{id}', route.path.startsWith('/service-users') ? ids.serviceUser! : ids.case!);
      const token = await tokenFor([ROLE[`${route.method} ${route.path}`] ?? 'caseworker']);
      await fc.assert(
        fc.asyncProperty(hostileBody, async (body) => {
          const before = await writes();
          const res = await call(route.method, path, { token, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'if-match': '"1"' } });
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
          if (res.status >= 400) expect(await writes(), `writes while refusing ${JSON.stringify(res.body)}`).toBe(before);
        }),
        { numRuns: 25 },
      );
    });
  }

  it('answers 404, never 5xx, for ids no record can have (too long, control characters, path tricks)', async () => {
    // Every role at once, so that the permission check lets each route reach its ids.
    const token = await tokenFor(['caseworker', 'line-manager', 'statutory-operations-manager', 'head-of-assurance', 'auditor'], { sub: 'all-roles' });
    for (const id of ['x'.repeat(3000), '%00', '..%2F..', '%F0%9F%92%A9', 'a%20b']) {
      for (const route of ROUTES.filter((r) => r.path.includes('{id}'))) {
        const res = await call(route.method, route.path.replace('{id}', id), { token, body: route.method === 'GET' ? undefined : {} });
        expect(res.status, `${route.method} ${route.path} with ${id.slice(0, 12)}`).toBe(404);
      }
    }
  });
});
