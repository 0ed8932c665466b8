/**
 * SES feedback on emailed letters: the pure mapping of SES's EventBridge events,
 * and (with a mocked DocumentClient and SES) the one transaction a bounce writes,
 * its idempotency, and the SOM email when there is no posted copy.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { strategyItem } from './fixtures.js';
import { recordSesFeedback } from '../../lib/app/bounces.js';
import { TIMELINE_WORDS } from '../../lib/domain/timeline-words.js';
import { deliverableEmails, hasPostalCopy } from '../../lib/domain/letter-routes.js';
import { classifySesEvent } from '../../lib/domain/ses-feedback.js';

/** An EventBridge event as the SES configuration set publishes it. */
const sesEvent = (detailType: string, detail: Record<string, unknown>) => ({ version: '0', id: 'e1', 'detail-type': detailType, source: 'aws.ses', account: '1', time: '', region: 'eu-west-2', resources: [], detail });
const mail = (messageId: string, destination = ['morgan@example.com']) => ({ messageId, destination, timestamp: '2026-11-28T10:00:00.000Z', source: 'no-reply@opcc.example.org' });
const bounce = (messageId: string, bounceType: string, recipients = ['morgan@example.com'], destination?: string[]) =>
  sesEvent('Email Bounced', {
    eventType: 'Bounce',
    mail: mail(messageId, destination),
    bounce: { bounceType, bounceSubType: 'General', bouncedRecipients: recipients.map((emailAddress) => ({ emailAddress })) },
  });
const complaint = (messageId: string) =>
  sesEvent('Email Complaint Received', { eventType: 'Complaint', mail: mail(messageId), complaint: { complaintFeedbackType: 'abuse', complainedRecipients: [{ emailAddress: 'morgan@example.com' }] } });

describe('classifySesEvent (the SES event-publishing format, via EventBridge)', () => {
  it('a permanent bounce makes the letter BOUNCED', () => {
    expect(classifySesEvent(bounce('m1', 'Permanent'))).toEqual({ action: 'UNDELIVERABLE', messageId: 'm1', status: 'BOUNCED', event: 'BOUNCE', detail: 'Permanent bounce, General', addresses: ['morgan@example.com'] });
  });

  it('a transient bounce is also BOUNCED: SES publishes soft bounces only after it has stopped retrying', () => {
    expect(classifySesEvent(bounce('m1', 'Transient'))).toMatchObject({ action: 'UNDELIVERABLE', status: 'BOUNCED', detail: 'Transient bounce, General' });
  });

  it('a complaint makes the letter COMPLAINED', () => {
    expect(classifySesEvent(complaint('m2'))).toEqual({ action: 'UNDELIVERABLE', messageId: 'm2', status: 'COMPLAINED', event: 'COMPLAINT', detail: 'complaint (abuse)', addresses: ['morgan@example.com'] });
  });

  it('a reject (SES did not attempt delivery) makes the letter BOUNCED', () => {
    expect(classifySesEvent(sesEvent('Email Rejected', { eventType: 'Reject', mail: mail('m3'), reject: { reason: 'Bad content' } }))).toMatchObject({
      action: 'UNDELIVERABLE',
      status: 'BOUNCED',
      event: 'REJECT',
      detail: 'rejected by SES (Bad content)',
    });
  });

  it('ignores a bounce from one of several addresses (the letter reached the others)', () => {
    expect(classifySesEvent(bounce('m4', 'Permanent', ['a@example.com'], ['a@example.com', 'b@example.com']))).toEqual({ action: 'IGNORE', messageId: 'm4', reason: 'PARTIAL_BOUNCE' });
  });

  it('ignores deliveries, delivery delays, other sources and events without a message id', () => {
    expect(classifySesEvent(sesEvent('Email Delivered', { eventType: 'Delivery', mail: mail('m5') }))).toMatchObject({ action: 'IGNORE', reason: 'NOT_FEEDBACK' });
    expect(classifySesEvent(sesEvent('Email Delivery Delayed', { eventType: 'DeliveryDelay', mail: mail('m6') }))).toMatchObject({ action: 'IGNORE', reason: 'NOT_FEEDBACK' });
    expect(classifySesEvent({ ...bounce('m7', 'Permanent'), source: 'aws.s3' })).toMatchObject({ action: 'IGNORE', reason: 'NOT_AN_SES_EVENT' });
    expect(classifySesEvent(sesEvent('Email Bounced', { eventType: 'Bounce', bounce: { bounceType: 'Permanent' } }))).toMatchObject({ action: 'IGNORE', reason: 'NO_MESSAGE_ID' });
    expect(classifySesEvent(undefined)).toMatchObject({ action: 'IGNORE', reason: 'NO_MESSAGE_ID' });
  });
});

describe('hasPostalCopy and the timeline wording', () => {
  const emailed = { deliveryKey: 'IMPLEMENTED' };
  it('relies on a posted copy of the same delivery that is queued or dispatched, not one that failed or belongs to another letter', () => {
    expect(hasPostalCopy(emailed, [{ channel: 'POST', deliveryKey: 'IMPLEMENTED', status: 'DISPATCHED' }])).toBe(true);
    expect(hasPostalCopy(emailed, [{ channel: 'POST', deliveryKey: 'IMPLEMENTED', status: 'QUEUED' }])).toBe(true);
    expect(hasPostalCopy(emailed, [{ channel: 'POST', deliveryKey: 'IMPLEMENTED', status: 'FAILED' }])).toBe(false);
    expect(hasPostalCopy(emailed, [{ channel: 'POST', deliveryKey: 'EXTENDED#r2', status: 'DISPATCHED' }])).toBe(false);
    expect(hasPostalCopy(emailed, [{ channel: 'EMAIL', deliveryKey: 'IMPLEMENTED', status: 'SENT' }])).toBe(false);
  });

  it('says the email bounced and the posted copy is relied on, or that the SOM was asked to act', () => {
    const letter = { letterKind: 'IMPLEMENTED' as const, channel: 'EMAIL' as const, status: 'BOUNCED' as const, subject: 'Your contact strategy', feedback: 'BOUNCE' as const, detail: 'Permanent bounce, General' };
    expect(TIMELINE_WORDS.LETTER({ ...letter, postalCopy: true })).toMatch(/was not delivered by email \(Permanent bounce, General\).*copy sent by post is relied on/);
    expect(TIMELINE_WORDS.LETTER({ ...letter, postalCopy: false })).toMatch(/no posted copy.*Statutory Operations Manager has been asked/);
  });
});

// --- the flow, against mocked AWS --------------------------------------------------

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const emailLetter = (status = 'SENT', extra: Record<string, unknown> = {}) => ({
  pk: 'STRATEGY#S1',
  sk: 'LETTER#L1',
  gsi2pk: 'SESMSG#m1',
  gsi2sk: 'LETTER',
  id: 'L1',
  strategyId: 'S1',
  kind: 'IMPLEMENTED',
  channel: 'EMAIL',
  status,
  subject: 'Your contact strategy',
  text: 'Dear Morgan Example',
  caseIds: ['C1', 'C2'],
  deliveryKey: 'IMPLEMENTED',
  requestId: 'r1',
  createdAt: '2026-11-28T10:00:00.000Z',
  sesMessageId: 'm1',
  ...extra,
});
const postLetter = (status: string) => ({ ...emailLetter(), sk: 'LETTER#L2', id: 'L2', channel: 'POST', status, gsi2pk: undefined, sesMessageId: undefined });
const STRATEGY = strategyItem({ status: 'ACTIVE', version: 5, restrictions: [] });

let partition: Record<string, unknown>[];
let transactions: Array<Array<Record<string, any>>>;

beforeEach(() => {
  ddb.reset();
  ses.reset();
  transactions = [];
  partition = [STRATEGY, emailLetter(), postLetter('DISPATCHED')];
  ddb.on(QueryCommand).callsFake((input: { IndexName?: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, string> }) => {
    if (input.IndexName === 'GSI2') return { Items: partition.filter((i) => i.gsi2pk === input.ExpressionAttributeValues[':pk']) };
    // The letters of the partition (begins_with on the sort key), or the whole partition.
    if (input.KeyConditionExpression.includes('begins_with')) return { Items: partition.filter((i) => String(i.sk).startsWith('LETTER#')) };
    return { Items: partition };
  });
  ddb.on(GetCommand).resolves({ Item: { pk: 'SU#P1', sk: 'PROFILE', id: 'P1', name: 'Morgan Example', emails: ['morgan@example.com'], phones: [] } });
  ddb.on(BatchGetCommand).resolves({ Responses: {} });
  ddb.on(TransactWriteCommand).callsFake((input: { TransactItems: Array<Record<string, any>> }) => {
    transactions.push(input.TransactItems);
    return {};
  });
  ses.on(SendEmailCommand).resolves({ MessageId: 'staff-1' });
});
afterEach(() => {
  ddb.reset();
  ses.reset();
});

describe('recordSesFeedback', () => {
  it('marks the letter BOUNCED, flags the strategy, and records on the history and each case in one transaction', async () => {
    await expect(recordSesFeedback(bounce('m1', 'Permanent'))).resolves.toBe('RECORDED');
    expect(transactions).toHaveLength(1);
    const tx = transactions[0]!;
    const letterUpdate = tx.find((w) => w.Update?.Key.sk === 'LETTER#L1')!.Update;
    expect(letterUpdate.ConditionExpression).toBe('#s = :sent');
    expect(letterUpdate.ExpressionAttributeValues[':to']).toBe('BOUNCED');
    const strategyUpdate = tx.find((w) => w.Update?.Key.sk === 'STRATEGY')!.Update;
    expect(strategyUpdate.UpdateExpression).toContain('emailUndeliverable = :t');
    expect(strategyUpdate.ExpressionAttributeValues).toMatchObject({ ':t': true, ':l': 'L1' });
    const timeline = tx.filter((w) => String(w.Put?.Item.sk).startsWith('TL#')).map((w) => w.Put.Item);
    expect(timeline.map((t) => t.pk).sort()).toEqual(['CASE#C1', 'CASE#C2']);
    for (const t of timeline) {
      expect(t.summary).toMatch(/not delivered by email.*copy sent by post is relied on/);
      expect(t.fields).toMatchObject({ letterKind: 'IMPLEMENTED', status: 'BOUNCED', feedback: 'BOUNCE', postalCopy: true });
    }
    const history = tx.find((w) => String(w.Put?.Item.sk).startsWith('HISTORY#'))!.Put.Item;
    expect(history).toMatchObject({ event: 'LETTER_BOUNCED', summary: timeline[0]!.summary });
    // A posted copy exists: nobody needs to be emailed.
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('is idempotent: a redelivered event for a letter already BOUNCED writes nothing', async () => {
    partition = [STRATEGY, emailLetter('BOUNCED'), postLetter('DISPATCHED')];
    await expect(recordSesFeedback(bounce('m1', 'Permanent'))).resolves.toBe('ALREADY');
    expect(transactions).toHaveLength(0);
  });

  it('is idempotent under a race: the letter condition failing means another delivery recorded it', async () => {
    ddb.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    await expect(recordSesFeedback(bounce('m1', 'Permanent'))).resolves.toBe('ALREADY');
  });

  it('ignores an email that is not a letter (a staff email, an unknown message id) without writing', async () => {
    await expect(recordSesFeedback(bounce('staff-email-id', 'Permanent'))).resolves.toBe('NOT_A_LETTER');
    expect(transactions).toHaveLength(0);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('with no posted copy, emails the SOM naming the person and the letter in words, and notes it on the letter', async () => {
    partition = [STRATEGY, emailLetter(), postLetter('FAILED')];
    await expect(recordSesFeedback(complaint('m1'))).resolves.toBe('RECORDED');
    const [sent] = ses.commandCalls(SendEmailCommand);
    const input = sent!.args[0].input;
    expect(input.Destination?.ToAddresses).toEqual(['som@opcc.localhost']);
    const text = input.Content?.Simple?.Body?.Text?.Data ?? '';
    expect(text).toContain('Morgan Example');
    expect(text).toContain('Letter: Strategy put in place');
    expect(text).not.toMatch(/\b(P1|S1|L1)\b/);
    expect(transactions[0]!.find((w) => w.Update?.Key.sk === 'LETTER#L1')!.Update.ExpressionAttributeValues[':to']).toBe('COMPLAINED');
    expect(transactions[1]![0]!.Update.UpdateExpression).toBe('SET somNotifiedAt = :at');
  });

  it('throws when the SOM email fails (so the event is retried), and the retry sends it without recording twice', async () => {
    partition = [STRATEGY, emailLetter(), postLetter('FAILED')];
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));
    await expect(recordSesFeedback(bounce('m1', 'Permanent'))).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    expect(transactions).toHaveLength(1);

    partition = [STRATEGY, emailLetter('BOUNCED'), postLetter('FAILED')];
    ses.on(SendEmailCommand).resolves({ MessageId: 'staff-2' });
    await expect(recordSesFeedback(bounce('m1', 'Permanent'))).resolves.toBe('ALREADY');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    expect(transactions).toHaveLength(2);
    expect(transactions[1]![0]!.Update.UpdateExpression).toBe('SET somNotifiedAt = :at');

    // Once noted, a further redelivery emails nobody.
    partition = [STRATEGY, emailLetter('BOUNCED', { somNotifiedAt: '2026-11-28T10:05:00.000Z' }), postLetter('FAILED')];
    await expect(recordSesFeedback(bounce('m1', 'Permanent'))).resolves.toBe('ALREADY');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('throws when the transaction fails for another reason (the event is retried, nothing half-written)', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('busy'), { name: 'InternalServerError' }));
    await expect(recordSesFeedback(bounce('m1', 'Permanent'))).rejects.toBeDefined();
  });
});

describe("a copy for the person's representative that bounces", () => {
  const copy = (status = 'SENT') => emailLetter(status, { sk: 'LETTER#L3', id: 'L3', gsi2pk: 'SESMSG#m3', sesMessageId: 'm3', subject: 'Copy: Your contact strategy', copyFor: { representativeId: 'R1', name: 'Jo Bloggs MP', kind: 'MP' } });

  it('is marked BOUNCED and recorded on each case in words; the strategy is not flagged, no history entry, nobody emailed, even with no posted copy', async () => {
    partition = [STRATEGY, emailLetter(), postLetter('FAILED'), copy()];
    await expect(recordSesFeedback(bounce('m3', 'Permanent', ['jo@parliament.example'], ['jo@parliament.example']))).resolves.toBe('RECORDED');
    expect(transactions).toHaveLength(1);
    const tx = transactions[0]!;
    expect(tx.find((w) => w.Update?.Key.sk === 'LETTER#L3')!.Update.ExpressionAttributeValues[':to']).toBe('BOUNCED');
    expect(tx.some((w) => w.Update?.Key.sk === 'STRATEGY' || String(w.Put?.Item.sk).startsWith('HISTORY#'))).toBe(false);
    const timeline = tx.filter((w) => String(w.Put?.Item.sk).startsWith('TL#')).map((w) => w.Put.Item);
    expect(timeline.map((t) => t.pk).sort()).toEqual(['CASE#C1', 'CASE#C2']);
    for (const t of timeline) {
      expect(t.kind).toBe('LETTER_COPY_UNDELIVERABLE');
      expect(t.summary).toBe(
        'The copy of the letter “Strategy put in place” for Jo Bloggs MP (MP) was not delivered by email (Permanent bounce, General) and did not reach them. It needs sending to them another way; the person\'s own letters are not affected. Letter: Copy: Your contact strategy',
      );
    }
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('a redelivered event changes nothing', async () => {
    partition = [STRATEGY, emailLetter(), copy('BOUNCED')];
    await expect(recordSesFeedback(bounce('m3', 'Permanent', ['jo@parliament.example'], ['jo@parliament.example']))).resolves.toBe('ALREADY');
    expect(transactions).toHaveLength(0);
  });

  it('a complaint and a returned posted copy are worded as the copy, leaving the person alone', () => {
    expect(TIMELINE_WORDS.LETTER_COPY_UNDELIVERABLE({ letterKind: 'ENDED', subject: 'Copy: Restrictions lifted', copyForName: 'Sam Law', copyForKind: 'SOLICITOR', feedback: 'COMPLAINT', detail: 'complaint (abuse)' })).toMatch(
      /^The copy of the letter “Restrictions lifted” for Sam Law \(solicitor\) was reported as unwanted by the recipient \(complaint \(abuse\)\)\. It needs sending to them another way/,
    );
    const returned = TIMELINE_WORDS.LETTER({ letterKind: 'ENDED', channel: 'POST', status: 'RETURNED', subject: 'Copy: Restrictions lifted', copyForName: 'Sam Law', copyForKind: 'SOLICITOR', returnedReason: 'Gone away' });
    expect(returned).toBe('Letter “Restrictions lifted” (a copy for Sam Law (solicitor)): returned undelivered (Gone away); it needs sending to them another way: Copy: Restrictions lifted');
  });
});

describe('later letters after a bounce', () => {
  it('skip the addresses an earlier letter bounced from, whatever their case, and use a new address', () => {
    expect(deliverableEmails(['a@example.com'], ['A@example.com'])).toEqual([]);
    expect(deliverableEmails(['a@example.com', 'new@example.com'], ['a@example.com'])).toEqual(['new@example.com']);
    expect(deliverableEmails(['a@example.com'], undefined)).toEqual(['a@example.com']);
  });
});
