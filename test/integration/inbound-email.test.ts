import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Restriction } from '../../lib/schemas/restrictions.js';
import { apiUrl, caseworker, eventually, localFaults, newPersonWithCase } from './client.js';
import { message, sendSmtp } from './smtp-client.js';

/**
 * Inbound email: real SMTP to the local server, which hands each message to the same
 * use case as the deployed Lambda, with an id of its own for each delivery and the
 * verdicts `X-Local-Verdicts` names. Strategies in force are seeded on the screening
 * snapshot, as in screening.test.ts. The attacks on the record are kept here, as
 * sequences of real deliveries: one sender's Message-ID answering for another's, a
 * forged From, spam and viruses.
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
  await store.commit(store.setInForceWrites(profile, [...(profile.inForce ?? []), { strategyId, status: 'ACTIVE', caseIds: [], restrictions, reviewDate: '2027-12-01' }], new Date()));
  return strategyId;
}

/** The contact's item in the queue of contacts read a second time, if it is queued. */
async function queuedItem(contactId: string) {
  return (await store.doc.send(new store.GetCommand({ TableName: TABLE, Key: { pk: `CONTACT#${contactId}`, sk: 'UNANSWERED' } }))).Item;
}

const forwardsOf = async (contactId: string) => (await outbox()).filter((e) => e.headers?.['X-Contact-Id'] === contactId);

async function blockedPerson(name = 'Blocked Sender') {
  const from = address();
  const person = (await caseworker.post('/service-users', { name, emails: [from], postalAddress: { lines: ['1 Low Road', 'Hull'], postcode: 'HU1 1AA' } })).body as { id: string };
  await putInForce(person.id, [{ type: 'BLOCK_ADDRESSES', addresses: [from] }]);
  return { person, from };
}

const verdicts = (v: string) => [`X-Local-Verdicts: ${v}`];

async function forwardedWith(contactId: string): Promise<OutboxItem | undefined> {
  const items = await eventually(outbox, (all) => all.some((e) => e.headers?.['X-Contact-Id'] === contactId), 5_000);
  return items.find((e) => e.headers?.['X-Contact-Id'] === contactId);
}


/** A message with a line of text and one attachment (base64), as a mail client sends it. */
function withAttachment(m: { from: string; subject: string; headers?: string[]; text: string; file: { name: string; type: string; base64: string } }): string {
  const boundary = 'b-' + randomUUID();
  return [
    `From: ${m.from}`,
    'To: office@opcc.localhost',
    `Subject: ${m.subject}`,
    `Message-ID: <${randomUUID()}@example.com>`,
    ...(m.headers ?? []),
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.text,
    `--${boundary}`,
    `Content-Type: ${m.file.type}; name="${m.file.name}"`,
    `Content-Disposition: attachment; filename="${m.file.name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    m.file.base64,
    `--${boundary}--`,
    '',
  ].join('\r\n');
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
    expect(sent!.text.split('\n')[0]).toMatch(/^Logged – do not reply\. .*Screened “Log only – do not respond”: /);
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

  it('records the same sender\'s same Message-ID once, however often it arrives, and forwards it once', async () => {
    const { person } = await newPersonWithCase();
    const from = person.emails[0] as string;
    const mail = message({ from, subject: 'Sent twice', messageId: `<${randomUUID()}@example.com>` });
    const first = await smtp(mail, from);
    const second = await smtp(mail, from);
    expect(first.code).toBe(250);
    expect(second.code).toBe(250);
    expect(contactIdOf(second.line)).toBe(contactIdOf(first.line));
    expect((await contactsOf(person.id)).filter((c) => c.source === 'INBOUND_EMAIL')).toHaveLength(1);
    await forwardedWith(contactIdOf(first.line));
    expect(await forwardsOf(contactIdOf(first.line))).toHaveLength(1);
  });

  it('screens a blocked address on its own when a throwaway address sent the same Message-ID first: CHANNEL_BLOCKED, a potential breach, not forwarded', async () => {
    const { person, from } = await blockedPerson();
    const messageId = `<dup-${randomUUID()}@x>`;
    const throwaway = address();
    const first = await smtp(message({ from: throwaway, subject: 'Hello', messageId }), throwaway);
    expect(first.code).toBe(250);
    expect(first.line).toMatch(/PROCEED/);
    const second = await smtp(message({ from, subject: 'Hello again', messageId }), from);
    expect(second.code).toBe(250);
    const contactId = contactIdOf(second.line);
    expect(contactId).not.toBe(contactIdOf(first.line));
    expect(await contactItem(contactId)).toMatchObject({ serviceUserId: person.id, from, summary: 'Hello again', screening: { decision: 'CHANNEL_BLOCKED', potentialBreach: true } });
    expect((await contactsOf(person.id)).map((c) => c.id)).toContain(contactId);
    expect(await forwardsOf(contactId)).toEqual([]);
    const potential = await caseworker.get('/contacts/potential-breaches?limit=100');
    expect((potential.body as { items: { id: string }[] }).items.map((c) => c.id)).toContain(contactId);
  });

  it('completes a forward that failed when the sender tries again, recording nothing new', async () => {
    const from = address();
    const mail = message({ from, subject: 'Please get through', messageId: `<${randomUUID()}@example.com>` });
    expect((await localFaults({ email: true })).status).toBe(204);
    let failed: { code: number; line: string };
    try {
      failed = await smtp(mail, from);
    } finally {
      await localFaults({});
    }
    expect(failed.code).toBe(451);
    const retried = await smtp(mail, from);
    expect(retried.code).toBe(250);
    const contactId = contactIdOf(retried.line);
    await forwardedWith(contactId);
    expect(await forwardsOf(contactId)).toHaveLength(1);
    // A third copy finds the forward done: nothing more.
    expect(contactIdOf((await smtp(mail, from)).line)).toBe(contactId);
    expect(await forwardsOf(contactId)).toHaveLength(1);
  });

  it('records a sender whose DMARC did not pass against nobody, with claimedFrom, and forwards it saying the sender could not be verified', async () => {
    const { person } = await newPersonWithCase();
    const from = person.emails[0] as string;
    const res = await smtp(message({ from, subject: 'Forged?', extra: verdicts('dmarc=FAIL') }), from);
    const contactId = contactIdOf(res.line);
    const item = await contactItem(contactId);
    expect(item).toMatchObject({ senderUnverified: true, claimedFrom: from, source: 'INBOUND_EMAIL', screening: { decision: 'PROCEED', potentialBreach: false } });
    expect(item?.serviceUserId).toBeUndefined();
    expect(item?.from).toBeUndefined();
    expect(await queuedItem(contactId)).toBeUndefined();
    const sent = await forwardedWith(contactId);
    expect(sent!.text.split('\n')[0]).toMatch(/^The sender could not be verified\./);
    expect(sent!.headers['X-Contact-Sender-Unverified']).toBe('true');
  });

  it('withholds a forged email from a blocked person\'s address: not forwarded, on nobody\'s record, no potential breach, queued for a second read', async () => {
    const { person, from } = await blockedPerson('Forged Blocked');
    const res = await smtp(message({ from, subject: 'Let me in', extra: verdicts('dmarc=FAIL') }), from);
    expect(res.code).toBe(250);
    const contactId = contactIdOf(res.line);
    const item = await contactItem(contactId);
    expect(item).toMatchObject({ senderUnverified: true, claimedFrom: from, screening: { decision: 'CHANNEL_BLOCKED', potentialBreach: false } });
    expect(item?.serviceUserId).toBeUndefined();
    expect(item?.screening?.strategyId).toBeUndefined();
    expect((await contactsOf(person.id)).map((c) => c.id)).not.toContain(contactId);
    expect(await queuedItem(contactId)).toMatchObject({ id: contactId, gsi1pk: 'UNANSWERED#UNCHECKED' });
    expect(await forwardsOf(contactId)).toEqual([]);
    const potential = await caseworker.get('/contacts/potential-breaches?limit=100');
    expect((potential.body as { items: { id: string }[] }).items.map((c) => c.id)).not.toContain(contactId);
  });

  it('prefixes a forged email about a LOG_ONLY case as the person\'s own would be, without putting it on the case', async () => {
    const { person, kase } = await newPersonWithCase();
    await putInForce(person.id, [{ type: 'LOG_ONLY', caseIds: [kase.id] }]);
    const from = person.emails[0] as string;
    const res = await smtp(message({ from, subject: `Re: ${kase.reference}`, extra: verdicts('dmarc=FAIL') }), from);
    const contactId = contactIdOf(res.line);
    const sent = await forwardedWith(contactId);
    expect(sent!.subject).toBe(`[Logged – do not reply] Re: ${kase.reference}`);
    const item = await contactItem(contactId);
    expect(item).toMatchObject({ senderUnverified: true, screening: { decision: 'LOG_ONLY', potentialBreach: false } });
    expect(item?.caseId).toBeUndefined();
    expect(item?.serviceUserId).toBeUndefined();
    expect(await queuedItem(contactId)).toBeDefined();
  });

  it('never lets a forged copy stand in for the genuine message with the same From and Message-ID', async () => {
    const { person, from } = await blockedPerson('Pre-empted');
    const messageId = `<${randomUUID()}@example.com>`;
    const forged = await smtp(message({ from, subject: 'Forged first', messageId, extra: verdicts('dmarc=FAIL') }), from);
    const genuine = await smtp(message({ from, subject: 'Genuine', messageId }), from);
    expect(contactIdOf(genuine.line)).not.toBe(contactIdOf(forged.line));
    expect(await contactItem(contactIdOf(genuine.line))).toMatchObject({ serviceUserId: person.id, screening: { decision: 'CHANNEL_BLOCKED', potentialBreach: true } });
  });

  it('holds back spam: not forwarded, on the verified sender\'s record as quarantined SPAM, queued for a second read', async () => {
    const { person } = await newPersonWithCase();
    const from = person.emails[0] as string;
    const res = await smtp(message({ from, subject: 'Cheap watches', extra: verdicts('spam=FAIL') }), from);
    expect(res.code).toBe(250);
    const contactId = contactIdOf(res.line);
    expect(await contactItem(contactId)).toMatchObject({ serviceUserId: person.id, quarantined: 'SPAM', screening: { decision: 'PROCEED' } });
    expect(await queuedItem(contactId)).toMatchObject({ quarantined: 'SPAM' });
    expect(await forwardsOf(contactId)).toEqual([]);
  });

  it('holds back a virus from an unverified sender: its attachment never forwarded, on nobody\'s record, queued for a second read', async () => {
    const { person } = await newPersonWithCase();
    const from = person.emails[0] as string;
    const mail = withAttachment({
      from,
      subject: 'Invoice',
      headers: ['X-Local-Verdicts: virus=FAIL; dmarc=FAIL'],
      text: 'Open the attachment.',
      file: { name: 'invoice.exe', type: 'application/octet-stream', base64: randomBytes(1024).toString('base64') },
    });
    const res = await smtp(mail, from);
    expect(res.code).toBe(250);
    const contactId = contactIdOf(res.line);
    const item = await contactItem(contactId);
    expect(item).toMatchObject({ quarantined: 'VIRUS', senderUnverified: true, claimedFrom: from });
    expect(item?.serviceUserId).toBeUndefined();
    expect(await queuedItem(contactId)).toBeDefined();
    expect(await forwardsOf(contactId)).toEqual([]);
    expect((await outbox()).some((e) => e.attachments?.some((a) => a.filename === 'invoice.exe'))).toBe(false);
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
    const mail = withAttachment({
      from,
      subject: 'With a large attachment',
      text: 'See attached.',
      file: { name: 'evidence.pdf', type: 'application/pdf', base64: bytes.toString('base64').replace(/.{76}/g, '$&\r\n') },
    });
    const res = await smtp(mail, from);
    expect(res.code).toBe(250);
    const sent = await forwardedWith(contactIdOf(res.line));
    expect(sent!.attachments).toEqual([expect.objectContaining({ filename: 'evidence.pdf', size: bytes.length })]);
  });
});

/**
 * The deployed path: functions/inbound-email.ts with SES's own event, against the
 * same DynamoDB Local, the stored message and the mailer standing in for S3 and SES.
 */
describe('inbound email, as SES receiving invokes the function', () => {
  const stored = new Map<string, Uint8Array>();
  const sent: Array<{ to: string[]; subject: string; headers?: Record<string, string> }> = [];
  let handler: typeof import('../../functions/inbound-email.js').handler;

  beforeAll(async () => {
    const { installAdapters } = await import('../../lib/wiring.js');
    installAdapters({
      inboundMessages: {
        async read(key) {
          const raw = stored.get(key);
          if (!raw) throw new Error(`no stored message ${key}`);
          return raw;
        },
      },
      mailer: {
        async send(email) {
          sent.push(email);
          return `sent-${sent.length}`;
        },
      },
    });
    handler = (await import('../../functions/inbound-email.js')).handler;
  });

  /** SES's event for one delivery: its own message id, the verdicts it reached. */
  function sesEvent(messageId: string, v: { dmarc?: string; spam?: string; virus?: string } = {}) {
    const verdict = (status = 'PASS') => ({ status });
    return {
      Records: [
        {
          eventSource: 'aws:ses',
          eventVersion: '1.0',
          ses: {
            mail: { messageId, source: 'bounce@example.net', timestamp: new Date().toISOString(), destination: ['office@opcc.localhost'], headersTruncated: false, headers: [], commonHeaders: {} },
            receipt: {
              recipients: ['office@opcc.localhost'],
              spfVerdict: verdict('PASS'),
              dkimVerdict: verdict('PASS'),
              dmarcVerdict: verdict(v.dmarc),
              spamVerdict: verdict(v.spam),
              virusVerdict: verdict(v.virus),
              action: { type: 'Lambda', functionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:inbound-email', invocationType: 'Event' },
            },
          },
        },
      ],
    } as unknown as import('aws-lambda').SESEvent;
  }

  function deliver(mail: string, v: { dmarc?: string; spam?: string; virus?: string } = {}) {
    const messageId = `ses-${randomUUID()}`;
    stored.set(`inbound/${messageId}`, Buffer.from(mail));
    return { messageId, event: sesEvent(messageId, v) };
  }

  it('records and forwards nothing new when SES invokes again for the same delivery', async () => {
    const from = address();
    const { event } = deliver(message({ from, subject: 'Once' }));
    const first = (await handler(event)).outcomes[0]!;
    const again = (await handler(event)).outcomes[0]!;
    expect(first).toMatchObject({ decision: 'PROCEED', senderUnverified: false, forwardedMessageId: expect.any(String) });
    expect(again).toMatchObject({ contactId: first.contactId, repeat: 'DELIVERY' });
    expect(again.forwardedMessageId).toBeUndefined();
    expect(sent.filter((e) => e.headers?.['X-Contact-Id'] === first.contactId)).toHaveLength(1);
  });

  it('trusts the sender only on SES\'s DMARC verdict, never on a header in the message', async () => {
    const { person } = await newPersonWithCase();
    const from = person.emails[0] as string;
    const passes = deliver(message({ from, subject: 'Says it failed', extra: verdicts('dmarc=FAIL; spam=FAIL; virus=FAIL') }));
    const trusted = (await handler(passes.event)).outcomes[0]!;
    expect(trusted).toMatchObject({ senderUnverified: false });
    expect(trusted.quarantined).toBeUndefined();
    expect(await contactItem(trusted.contactId)).toMatchObject({ serviceUserId: person.id, from });

    const fails = deliver(message({ from, subject: 'SPF passed, DMARC did not' }), { dmarc: 'FAIL' });
    const untrusted = (await handler(fails.event)).outcomes[0]!;
    expect(untrusted).toMatchObject({ senderUnverified: true, potentialBreach: false });
    expect((await contactItem(untrusted.contactId))?.serviceUserId).toBeUndefined();
  });

  it('holds back what SES judged a virus', async () => {
    const from = address();
    const { event } = deliver(message({ from, subject: 'Virus' }), { virus: 'FAIL' });
    const outcome = (await handler(event)).outcomes[0]!;
    expect(outcome).toMatchObject({ quarantined: 'VIRUS' });
    expect(outcome.forwardedMessageId).toBeUndefined();
    expect(await contactItem(outcome.contactId)).toMatchObject({ quarantined: 'VIRUS', from });
    expect(await queuedItem(outcome.contactId)).toBeDefined();
  });
});
