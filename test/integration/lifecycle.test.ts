import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { apiUrl, as, caseworker, draftAndSubmit, eventually, inMonths, newPersonWithTwoCases, outboxEmail, outboxPost, som } from './client.js';

/**
 * The strategy lifecycle end to end over HTTP against the local stack: the same
 * state machine definition CDK deploys, run in-process, its tasks calling the
 * deployed handler modules; SES local for email, the local post queue for post.
 */

const proposer = as(['caseworker'], { sub: 'cw-lifecycle', name: 'Pat Proposer', email: 'pat.proposer@opcc.localhost' });
const SOM_MAILBOX = 'som@opcc.localhost';


async function executions(): Promise<Array<{ name: string; phase: string; strategyId: string; status: string; error?: string }>> {
  const res = await fetch(`${apiUrl()}/local/workflow/executions`);
  return ((await res.json()) as { items: never[] }).items;
}

/** The strategy's executions, once none of them is running any more. */
const settled = (id: string) =>
  eventually(executions, (xs) => xs.some((x) => x.strategyId === id) && xs.every((x) => x.strategyId !== id || x.status !== 'RUNNING'));

const table = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);

/**
 * The task token the waiting execution stored on the strategy. An execution is
 * RUNNING from its start, but waits for the decision only once this is stored
 * (after the SOM's email): a decision before then finds nothing to resume.
 */
async function approvalToken(id: string): Promise<string | undefined> {
  const res = await table.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `STRATEGY#${id}`, sk: 'STRATEGY' }, ConsistentRead: true }));
  return res.Item?.approvalTaskToken as string | undefined;
}

/** A person, two open cases and a submitted (PENDING_APPROVAL) strategy covering both. */
async function submittedStrategy(person: Record<string, unknown> = {}) {
  const name = `Morgan ${randomUUID().slice(0, 6)}`;
  const { person: p, caseIds } = await newPersonWithTwoCases({ name, ...person });
  const id = await draftAndSubmit(proposer, {
    serviceUserId: p.id,
    caseIds,
    reason: 'You have emailed us forty times in a week about the same matter, and the emails have become abusive.',
    purpose: 'Keep contact manageable while the open complaint is dealt with.',
    reviewDate: inMonths(6),
    restrictions: [{ type: 'NO_TELEPHONE' }, { type: 'WRITTEN_ONLY', channels: ['EMAIL', 'POST'] }],
  });
  return { person: p, name, caseIds, id };
}

/** The decision requests about a person (staff emails name the person, never the strategy's id). */
const decisionRequests = async (name: string) => (await outboxEmail()).filter((e) => e.to.includes(SOM_MAILBOX) && e.subject.includes(name) && /decision needed/i.test(e.subject));

describe('the strategy lifecycle, end to end (policy 1.5)', () => {
  it('asks the SOM, and on approval by someone else tells the person by email and by post with the policy, records every letter on each case, and activates', async () => {
    const { person, name, caseIds, id } = await submittedStrategy();

    // The Statutory Operations Manager is asked, by an email naming the person and the cases, in words.
    const [request] = await eventually(() => decisionRequests(name), (l) => l.length > 0);
    expect(request, 'decision request email').toBeDefined();
    expect(request!.subject).toBe(`Decision needed: contact strategy for ${name}`);
    expect(request!.text).toContain('Restrictions: No telephone contact; Written contact only');
    expect(request!.text).not.toContain(id);

    // The workflow is waiting: the decision resumes it.
    await eventually(executions, (xs) => xs.some((x) => x.strategyId === id && x.phase === 'APPROVAL' && x.status === 'RUNNING'));
    await eventually(() => approvalToken(id), (t) => t !== undefined);
    const decided = await som.post(`/strategies/${id}/decision`, { decision: 'APPROVE', comments: 'Proportionate and necessary.' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.decidedBy.sub).toBe('som-1');

    const active = await eventually(() => caseworker.get(`/strategies/${id}`), (r) => r.body.status === 'ACTIVE');
    expect(active.body.status).toBe('ACTIVE');

    // The person's email: the letter, with the policy attached as a PDF.
    const emails = (await outboxEmail()).filter((e) => e.to.includes(person.emails[0]));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toContain(`Dear ${name}`);
    expect(emails[0]!.text).toContain('right to complain');
    expect(emails[0]!.attachments.map((a) => a.filename)).toEqual(['contact-policy.pdf']);
    expect((emails[0]!.attachments[0] as { contentType?: string }).contentType).toBe('application/pdf');
    expect(emails[0]!.html).toContain('<h1>');

    // The post: the letter, addressed, with the policy enclosed (the post queue is drained in the background).
    const posted = await eventually(async () => (await outboxPost()).filter((p) => p.strategyId === id), (l) => l.length > 0);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ recipientName: name, postalAddress: person.postalAddress, enclosures: ['contact-policy.pdf'] });
    expect(posted[0]!.text).toContain(`Dear ${name}`);
    expect(posted[0]!.subject).toBe(emails[0]!.subject);

    // The strategy lists both letters; the post-queue consumer puts the posted one in the print queue.
    const withDispatch = await eventually(
      () => caseworker.get(`/strategies/${id}`),
      (r) => r.body.letters?.some((l: { channel: string; status: string }) => l.channel === 'POST' && l.status === 'PRINT_READY'),
    );
    const letters = withDispatch.body.letters as Array<{ id: string; channel: string; status: string; sentAt?: string }>;
    expect(letters.map((l) => l.channel).sort()).toEqual(['EMAIL', 'POST']);
    expect(letters.find((l) => l.channel === 'EMAIL')!.status).toBe('SENT');
    expect(letters.find((l) => l.channel === 'POST')!.status).toBe('PRINT_READY');
    for (const l of letters) expect(l.sentAt).toBeTruthy();

    // A copy of every letter sent is recorded against each case of the strategy.
    for (const caseId of caseIds) {
      const timeline = await caseworker.get(`/cases/${caseId}/timeline`);
      expect(timeline.status).toBe(200);
      const entries = timeline.body.items as Array<{ kind: string; summary: string; ref: Record<string, string> }>;
      const letterEntries = entries.filter((e) => e.kind === 'LETTER' && e.ref.strategyId === id);
      for (const l of letters) expect(letterEntries.some((e) => e.ref.letterId === l.id), `case ${caseId} has letter ${l.channel}`).toBe(true);
      expect(letterEntries.some((e) => /waiting to be printed and posted/.test(e.summary))).toBe(true);
      expect(entries.some((e) => e.kind === 'STRATEGY_ACTIVATED')).toBe(true);
      // The letters come before the activation.
      const firstLetter = entries.findIndex((e) => e.kind === 'LETTER');
      expect(firstLetter).toBeLessThan(entries.findIndex((e) => e.kind === 'STRATEGY_ACTIVATED'));
    }

    // The execution ended cleanly.
    const done = await eventually(executions, (xs) => xs.some((x) => x.strategyId === id && x.status !== 'RUNNING'));
    expect(done.filter((x) => x.strategyId === id).map((x) => x.status)).toEqual(['SUCCEEDED']);
  });

  it('tells a person with no postal address by email only, recording the missing route on each case, and still activates', async () => {
    const { person, caseIds, id } = await submittedStrategy({ postalAddress: undefined });
    await eventually(executions, (xs) => xs.some((x) => x.strategyId === id && x.status === 'RUNNING'));
    expect((await som.post(`/strategies/${id}/decision`, { decision: 'APPROVE', comments: 'Agreed.' })).status).toBe(200);
    const active = await eventually(() => caseworker.get(`/strategies/${id}`), (r) => r.body.status === 'ACTIVE');
    expect(active.body.status).toBe('ACTIVE');
    expect(active.body.letters.map((l: { channel: string }) => l.channel)).toEqual(['EMAIL']);
    expect((await outboxPost()).filter((p) => p.strategyId === id)).toHaveLength(0);
    expect((await outboxEmail()).filter((e) => e.to.includes(person.emails[0]))).toHaveLength(1);
    const timeline = await caseworker.get(`/cases/${caseIds[0]}/timeline`);
    expect(timeline.body.items.some((e: { kind: string; summary: string }) => e.kind === 'LETTER_NOT_SENT' && /no postal address/.test(e.summary))).toBe(true);
  });

  it('on REJECT writes nothing to the person and the execution ends', async () => {
    const { person, id } = await submittedStrategy();
    await eventually(executions, (xs) => xs.some((x) => x.strategyId === id && x.status === 'RUNNING'));
    const decided = await som.post(`/strategies/${id}/decision`, { decision: 'REJECT', comments: 'Not proportionate: try a single point of contact first.' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const ended = await eventually(executions, (xs) => xs.some((x) => x.strategyId === id && x.status !== 'RUNNING'));
    expect(ended.find((x) => x.strategyId === id)!.status).toBe('SUCCEEDED');
    expect((await caseworker.get(`/strategies/${id}`)).body.status).toBe('REJECTED');
    expect((await outboxEmail()).filter((e) => e.to.includes(person.emails[0]))).toHaveLength(0);
    expect((await outboxPost()).filter((p) => p.strategyId === id)).toHaveLength(0);
  });

  it('after a restart re-drives a strategy left pending: the SOM is not asked again, and the decision still resumes it', async () => {
    const { person, name, id } = await submittedStrategy();
    await eventually(() => decisionRequests(name), (l) => l.length > 0);
    await eventually(executions, (xs) => xs.some((x) => x.strategyId === id && x.status === 'RUNNING'));
    const first = await eventually(() => approvalToken(id), (t) => t !== undefined);

    const restart = await fetch(`${apiUrl()}/local/workflow/restart`, { method: 'POST' });
    expect(restart.status).toBe(200);
    const body = (await restart.json()) as { redriven: Array<{ phase: string; strategyId: string }> };
    expect(body.redriven).toContainEqual({ phase: 'APPROVAL', strategyId: id });

    // The re-driven execution is waiting (it has stored a fresh token) without emailing the SOM again.
    await eventually(executions, (xs) => xs.some((x) => x.strategyId === id && x.phase === 'APPROVAL' && x.status === 'RUNNING'));
    await eventually(() => approvalToken(id), (t) => t !== undefined && t !== first);
    expect(await decisionRequests(name)).toHaveLength(1);

    expect((await som.post(`/strategies/${id}/decision`, { decision: 'APPROVE', comments: 'Agreed after the restart.' })).status).toBe(200);
    const active = await eventually(() => caseworker.get(`/strategies/${id}`), (r) => r.body.status === 'ACTIVE');
    expect(active.body.status).toBe('ACTIVE');
    // The re-driven APPROVAL execution itself carried on (no fallback NOTIFY execution was needed).
    const mine = (await settled(id)).filter((x) => x.strategyId === id);
    expect(mine.map((x) => [x.phase, x.status])).toEqual([['APPROVAL', 'SUCCEEDED']]);
    expect((await outboxEmail()).filter((e) => e.to.includes(person.emails[0]))).toHaveLength(1);
  });
});
