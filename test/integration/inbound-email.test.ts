import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Restriction } from '../../lib/schemas/restrictions.js';
import { apiUrl, caseworker, eventually, newPersonWithCase } from './client.js';
import { message, sendSmtp } from './smtp-client.js';

/**
 * Inbound email (docs/inbound-email.md): real SMTP to the local server, which
 * hands each message to the same use case as the deployed Lambda. Strategies in
 * force are seeded on the screening snapshot, as in screening.test.ts.
 */

const TABLE = 'contact-strategy-test';
let store: {
  commit: typeof import('../../lib/store/db.js').commit;
  setInForceWrites: typeof import('../../lib/store/person-snapshot.js').setInForceWrites;
  getServiceUserItem: typeof import('../../lib/store/service-users.js').getServiceUserItem;
  doc: typeof import('../../lib/clients/dynamodb.js').doc;
  GetCommand: typeof import('@aws-sdk/lib-dynamodb').GetCommand;
  QueryCommand: typeof import('@aws-sdk/lib-dynamodb').QueryCommand;
};

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamodbEndpoint');
  process.env.TABLE_NAME = TABLE;
  const [db, snapshot, users, clients, lib] = await Promise.all([
    import('../../lib/store/db.js'),
    import('../../lib/store/person-snapshot.js'),
    import('../../lib/store/service-users.js'),
    import('../../lib/clients/dynamodb.js'),
    import('@aws-sdk/lib-dynamodb'),
  ]);
  store = { commit: db.commit, setInForceWrites: snapshot.setInForceWrites, getServiceUserItem: users.getServiceUserItem, doc: clients.doc, GetCommand: lib.GetCommand, QueryCommand: lib.QueryCommand };
});

interface OutboxItem {
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; size: number }[];
  headers: Record<string, string>;
  replyTo?: string[];
}

async function outbox(): Promise<OutboxItem[]> {
  const res = await fetch(`${apiUrl()}/local/outbox/email`);
  return ((await res.json()) as { items: OutboxItem[] }).items;
}

const smtp = (data: string | Buffer, from = 'someone@example.com') => sendSmtp(inject('smtpPort'), { from, to: 'office@opcc.localhost', data });
const contactIdOf = (line: string) => /contact (\S+),/.exec(line)?.[1] ?? '';
const address = () => `mail.${randomUUID().slice(0, 8)}@example.com`;

async function contactItem(contactId: string) {
  return (await store.doc.send(new store.GetCommand({ TableName: TABLE, Key: { pk: `CONTACT#${contactId}`, sk: 'CONTACT' } }))).Item;
}

async function contactsOf(personId: string) {
  const res = await store.doc.send(
    new store.QueryCommand({ TableName: TABLE, IndexName: 'GSI2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `SU#${personId}#CONTACT` } }),
  );
  return res.Items ?? [];
}

async function putInForce(personId: string, restrictions: Restriction[]): Promise<string> {
  const profile = await store.getServiceUserItem(personId);
  if (!profile) throw new Error('no person');
  const strategyId = `STRAT-${randomUUID()}`;
  await store.commit(store.setInForceWrites(profile, [...(profile.inForce ?? []), { strategyId, status: 'ACTIVE', caseIds: [], restrictions, reviewDate: '2027-12-01' }]));
  return strategyId;
}

async function forwardedWith(contactId: string): Promise<OutboxItem | undefined> {
  const items = await eventually(outbox, (all) => all.some((e) => e.headers?.['X-Contact-Id'] === contactId), 5_000);
  return items.find((e) => e.headers?.['X-Contact-Id'] === contactId);
}

describe('inbound email, screened before a person reads it', () => {
  it('forwards email from a sender under no strategy to the office mailbox, PROCEED, with the decision in headers and the sender in Reply-To', async () => {
    const from = address();
    const res = await smtp(message({ from: `Pat Sender <${from}>`, subject: 'A new question' }), from);
    expect(res.code).toBe(250);
    const contactId = contactIdOf(res.line);
    const sent = await forwardedWith(contactId);
    expect(sent).toMatchObject({ to: ['office@opcc.localhost'], subject: 'A new question', replyTo: [from], headers: { 'X-Contact-Decision': 'PROCEED', 'X-Contact-Id': contactId } });
    expect(sent!.text.split('\n')[0]).toContain(from);
    expect(sent!.text).toContain('please reply');
    expect(await contactItem(contactId)).toMatchObject({ channel: 'EMAIL', direction: 'INBOUND', source: 'INBOUND_EMAIL', summary: 'A new question', from, screening: { decision: 'PROCEED' } });
  });

  it('forwards a LOG_ONLY case with the subject prefixed and the reason in the first line; the case reference in the subject names the case', async () => {
    const { person, kase } = await newPersonWithCase();
    await putInForce(person.id, [{ type: 'LOG_ONLY', caseIds: [kase.id] }]);
    const from = person.emails[0] as string;
    const res = await smtp(message({ from, subject: `Re: ${kase.reference} again` }), from);
    expect(res.code).toBe(250);
    const contactId = contactIdOf(res.line);
    const sent = await forwardedWith(contactId);
    expect(sent!.subject).toBe(`[Logged – do not reply] Re: ${kase.reference} again`);
    expect(sent!.headers['X-Contact-Decision']).toBe('LOG_ONLY');
    expect(sent!.text.split('\n')[0]).toMatch(/^Logged – do not reply\. .*Screened LOG_ONLY: /);
    expect(await contactItem(contactId)).toMatchObject({ caseId: kase.id, serviceUserId: person.id, source: 'INBOUND_EMAIL' });
  });

  it('does not forward email from a blocked address: logged as a potential breach', async () => {
    const from = address();
    const person = (await caseworker.post('/service-users', { name: 'Blocked Sender', emails: [from], postalAddress: { lines: ['1 Low Road', 'Hull'], postcode: 'HU1 1AA' } })).body as { id: string };
    await putInForce(person.id, [{ type: 'BLOCK_ADDRESSES', addresses: [from] }]);
    const res = await smtp(message({ from, subject: 'Blocked' }), from);
    expect(res.code).toBe(250);
    const contactId = contactIdOf(res.line);
    expect(await contactItem(contactId)).toMatchObject({ serviceUserId: person.id, screening: { decision: 'CHANNEL_BLOCKED', potentialBreach: true } });
    expect((await outbox()).some((e) => e.headers?.['X-Contact-Id'] === contactId)).toBe(false);
  });

  it('records the same Message-ID once, however often it arrives', async () => {
    const { person } = await newPersonWithCase();
    const from = person.emails[0] as string;
    const mail = message({ from, subject: 'Sent twice', messageId: `<${randomUUID()}@example.com>` });
    const first = await smtp(mail, from);
    const second = await smtp(mail, from);
    expect(first.code).toBe(250);
    expect(second.code).toBe(250);
    expect(contactIdOf(second.line)).toBe(contactIdOf(first.line));
    expect((await contactsOf(person.id)).filter((c) => c.source === 'INBOUND_EMAIL')).toHaveLength(1);
  });

  it('screens a sender whose SPF and DKIM did not pass as unknown: senderUnverified, not put on the person named in From', async () => {
    const { person } = await newPersonWithCase();
    const from = person.emails[0] as string;
    const res = await smtp(message({ from, subject: 'Forged?', extra: ['X-Local-Ses-Verdict: FAIL'] }), from);
    const contactId = contactIdOf(res.line);
    const item = await contactItem(contactId);
    expect(item).toMatchObject({ senderUnverified: true, source: 'INBOUND_EMAIL', screening: { decision: 'PROCEED' } });
    expect(item?.serviceUserId).toBeUndefined();
    const sent = await forwardedWith(contactId);
    expect(sent!.text.split('\n')[0]).toMatch(/not verified/);
  });

  it('records a message that cannot be read and forwards it untouched, attached', async () => {
    const garbage = 'this is not an email at all\r\njust some bytes \u00ff\r\n';
    const res = await smtp(garbage);
    expect(res.code).toBe(250);
    const contactId = contactIdOf(res.line);
    const sent = await forwardedWith(contactId);
    expect(sent).toMatchObject({ to: ['office@opcc.localhost'], headers: { 'X-Contact-Unreadable': 'true' }, attachments: [{ filename: 'original.eml' }] });
    expect(await contactItem(contactId)).toMatchObject({ source: 'INBOUND_EMAIL', senderUnverified: true });
  });

  it('forwards a large attachment whole', async () => {
    const from = address();
    const bytes = randomBytes(5 * 1024 * 1024);
    const boundary = 'b-' + randomUUID();
    const mail = [
      `From: ${from}`,
      'To: office@opcc.localhost',
      'Subject: With a large attachment',
      `Message-ID: <${randomUUID()}@example.com>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See attached.',
      `--${boundary}`,
      'Content-Type: application/pdf; name="evidence.pdf"',
      'Content-Disposition: attachment; filename="evidence.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      bytes.toString('base64').replace(/.{76}/g, '$&\r\n'),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const res = await smtp(mail, from);
    expect(res.code).toBe(250);
    const sent = await forwardedWith(contactIdOf(res.line));
    expect(sent!.attachments).toEqual([expect.objectContaining({ filename: 'evidence.pdf', size: bytes.length })]);
  });
});
