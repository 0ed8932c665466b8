import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort, startChildStack, stopChildStack, type ChildStack } from './child-stack.js';
import { COMPLETE_FACTORS, eventually, inMonths } from './client.js';

/**
 * Policy 1.5, consult first, and never let the consultation fail silently: a
 * Statutory Operations Manager who does not decide is reminded, then the decision
 * is escalated, then it is recorded that no decision was made. Run on a stack of its
 * own whose decision waits are three seconds (`LOCAL_DECISION_TIMEOUT_SECONDS`)
 * instead of 72 hours, through the same state machine definition. Its table is its own
 * too, in the run's DynamoDB Local: a JVM started for this test alone would cost more CPU
 * than the rest of the test (`npm start`'s own DynamoDB Local is local-stack-restart's).
 */
const dataDir = mkdtempSync(join(tmpdir(), 'contact-strategy-timeouts-'));
let stack: ChildStack | undefined;

afterAll(async () => {
  if (stack) await stopChildStack(stack.proc);
  rmSync(dataDir, { recursive: true, force: true });
});

async function as(url: string, groups: string[], sub: string, email: string) {
  const { token } = (await (await fetch(`${url}/local/token`, { method: 'POST', body: JSON.stringify({ sub, name: `Staff ${sub}`, email, groups }) })).json()) as { token: string };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
}

describe('a decision nobody makes', () => {
  it('reminds the Statutory Operations Manager, then escalates to them and the proposer, then records that no decision was made', async () => {
    stack = await startChildStack(await freePort(), dataDir, { LOCAL_DECISION_TIMEOUT_SECONDS: '3', DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'), TABLE_NAME: 'contact-strategy-timeouts' });
    const url = stack.url;
    const proposer = await as(url, ['caseworker'], 'cw-timeouts', 'pat.proposer@opcc.localhost');

    const person = await proposer('POST', '/service-users', { name: 'Sam Waiting', emails: ['sam.waiting@example.com'] });
    const kase = await proposer('POST', '/cases', { serviceUserId: person.body.id, type: 'COMPLAINT', subject: 'A complaint' });
    const draft = await proposer('POST', '/strategies', {
      serviceUserId: person.body.id,
      caseIds: [kase.body.id],
      reason: 'Forty emails in a week about the same matter.',
      purpose: 'Keep contact manageable.',
      reviewDate: inMonths(6),
      restrictions: [{ type: 'NO_TELEPHONE' }],
      factors: COMPLETE_FACTORS,
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const id = draft.body.id as string;
    expect((await proposer('POST', `/strategies/${id}/submit`)).status).toBe(200);

    const allMail = async () => ((await (await fetch(`${url}/local/outbox/email`)).json()) as { items: { to: string[]; subject: string }[] }).items;
    const outbox = async () => (await allMail()).filter((e) => e.subject.includes('Sam Waiting'));
    const mail = await eventually(outbox, (items) => items.some((e) => /^No decision was made/.test(e.subject)), 45_000);
    const subjects = mail.map((e) => e.subject);
    expect(subjects.some((s) => /^Reminder: decision still needed/.test(s))).toBe(true);
    const escalation = mail.find((e) => /^Escalation: no decision yet/.test(e.subject));
    expect(escalation?.to).toEqual(expect.arrayContaining(['som@opcc.localhost', 'pat.proposer@opcc.localhost']));

    // The last step emails first, then records on the case: wait for the record.
    const timeline = await eventually(
      () => proposer('GET', `/cases/${kase.body.id}/timeline`),
      (t) => (t.body.items as { kind: string }[]).some((e) => e.kind === 'STRATEGY_NO_DECISION'),
    );
    const kinds = (timeline.body.items as { kind: string }[]).map((e) => e.kind);
    const order = ['STRATEGY_SUBMITTED', 'STRATEGY_DECISION_REMINDER', 'STRATEGY_DECISION_ESCALATED', 'STRATEGY_NO_DECISION'].map((k) => kinds.indexOf(k));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Still pending: a decision can still be recorded, and the person has not been told.
    expect((await proposer('GET', `/strategies/${id}`)).body.status).toBe('PENDING_APPROVAL');
    const all = await allMail();
    expect(all.length).toBeGreaterThan(0);
    expect(all.some((e) => e.to.includes('sam.waiting@example.com'))).toBe(false);
  }, 150_000);
});
