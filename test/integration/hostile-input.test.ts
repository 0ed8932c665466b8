import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTES } from '../../lib/routes.js';
import { call, newPersonWithCase, tokenFor, type RoleName } from './client.js';

/**
 * Fuzzing every route that takes a body with hostile values: no 5xx, ever, and a
 * refused request writes nothing (the table's item count is unchanged).
 */
const client = () =>
  new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

async function itemCount(ddb: DynamoDBClient): Promise<number> {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    // A test-only Scan, to prove nothing was written; the application never scans.
    const res = await ddb.send(new ScanCommand({ TableName: 'contact-strategy-test', Select: 'COUNT', ExclusiveStartKey: start }));
    count += res.Count ?? 0;
    start = res.LastEvaluatedKey as never;
  } while (start);
  return count;
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

  const writeRoutes = ROUTES.filter((r) => r.method === 'POST' || r.method === 'PATCH');
  for (const route of writeRoutes) {
    it(`${route.method} ${route.path} never answers 5xx and writes nothing when it refuses`, async () => {
      const ddb = client();
      const path = route.path.replace('{id}', route.path.startsWith('/service-users') ? ids.serviceUser! : ids.case!);
      const token = await tokenFor([ROLE[`${route.method} ${route.path}`] ?? 'caseworker']);
      await fc.assert(
        fc.asyncProperty(hostileBody, async (body) => {
          const before = await itemCount(ddb);
          const res = await call(route.method, path, { token, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'if-match': '"1"' } });
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
          if (res.status >= 400) expect(await itemCount(ddb)).toBe(before);
        }),
        { numRuns: 25 },
      );
      ddb.destroy();
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
