import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyPrintAndPost } from '../../lib/adapters/notify-print.js';
import { letterPdf } from '../../lib/delivery/pdf.js';
import { startNotifyStandIn, type NotifyStandIn } from '../../local/notify.js';

/**
 * The GOV.UK Notify adapter, through Notify's own client, against the local stand-in
 * for its letter API: a letter is sent once, however often it is handed over; a
 * refusal is a failure with Notify's reason; Notify unreachable throws (the queue retries).
 */
const dataDir = mkdtempSync(join(tmpdir(), 'notify-adapter-'));
let standIn: NotifyStandIn;
const KEY = 'test-00000000-0000-4000-8000-000000000000-00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  standIn = await startNotifyStandIn({ port: 0, dataDir, receivedAfterMs: 0 });
});
afterAll(async () => {
  await standIn.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const pack = () =>
  letterPdf({ recipientName: 'Alex Example', postalAddress: { lines: ['1 High Street', 'Hull'], postcode: 'HU1 1AA' }, senderLines: ['The Office'], dateLine: '1 December 2026', subject: 'A letter', text: 'Dear Alex,\n\nHello.', reference: 'R1' });

describe('GOV.UK Notify print and post', () => {
  it('sends a precompiled letter once per reference, and follows its status', async () => {
    const notify = notifyPrintAndPost({ baseUrl: standIn.url, apiKey: async () => KEY, postage: 'second' });
    const first = await notify.handOver({ reference: 'LETTER-1', pack });
    expect(first).toMatchObject({ status: 'SENT_TO_PRINTER', providerId: expect.any(String) });
    const again = await notify.handOver({ reference: 'LETTER-1', pack });
    expect(again).toEqual(first);
    expect(standIn.letters().filter((l) => l.reference === 'LETTER-1')).toHaveLength(1);
    expect(await notify.statusOf!((first as { providerId: string }).providerId)).toBe('received');
  });

  it("reports a PDF Notify's checks refuse as validation-failed", async () => {
    const notify = notifyPrintAndPost({ baseUrl: standIn.url, apiKey: async () => KEY, postage: 'second' });
    const landscape = await PDFDocument.create();
    landscape.addPage([841.89, 595.28]);
    const bytes = await landscape.save();
    const sent = await notify.handOver({ reference: 'LETTER-2', pack: async () => bytes });
    expect(sent.status).toBe('SENT_TO_PRINTER');
    expect(await notify.statusOf!((sent as { providerId: string }).providerId)).toBe('validation-failed');
  });

  it('fails a letter Notify refuses outright (400) with its reason, and throws when Notify cannot be reached', async () => {
    const refused = notifyPrintAndPost({ baseUrl: standIn.url, apiKey: async () => KEY, postage: 'second' });
    // The stand-in answers 400 for a letter without content, as Notify does.
    const verdict = await refused.handOver({ reference: 'LETTER-3', pack: async () => new Uint8Array() });
    expect(verdict).toMatchObject({ status: 'FAILED', reason: expect.stringMatching(/^refused by the print and post service: /) });
    const down = notifyPrintAndPost({ baseUrl: 'http://127.0.0.1:9', apiKey: async () => KEY, postage: 'second' });
    await expect(down.handOver({ reference: 'LETTER-4', pack })).rejects.toThrow();
  });
});
