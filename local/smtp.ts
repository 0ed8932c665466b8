import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ulid } from 'ulid';
import type { InboundVerdicts } from '../lib/domain/inbound-email.js';
import { logger } from '../lib/observability.js';
import { StartupError } from './startup-checks.js';

/** SES receiving accepts messages up to 40 MB; so does the local server. */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/**
 * The local stand-in for SES email receiving: an SMTP server on loopback that accepts
 * any message for any recipient, without TLS or authentication, and hands it to the
 * same use case the deployed Lambda calls (lib/app/inbound-email.ts), with an id of
 * its own for each message it receives (as SES gives each delivery its `messageId`)
 * and every verdict (DMARC, spam, virus) taken as PASS.
 *
 * For trying the held-back paths locally, a message may carry the header
 * `X-Local-Verdicts: dmarc=FAIL; spam=FAIL; virus=FAIL` (any of the three): the
 * server then reports those verdicts as FAIL, as SES would for a forged sender, spam
 * or a virus. Only this server reads that header; the deployed path reads SES's
 * verdicts and nothing in the message.
 *
 * A forward that fails (SES failing) answers 451, so the sending client
 * retries later, as a failing Lambda is retried in AWS.
 */
export async function startSmtpServer(port: number): Promise<{ port: number; stop: () => Promise<void> }> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`SMTP_PORT must be a whole number from 0 to 65535, not "${process.env.SMTP_PORT}": e.g. SMTP_PORT=2526 npm start.`);
  const { receiveEmail } = await import('../lib/app/inbound-email.js');
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    banner: 'contact-strategy local inbound email',
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(Object.assign(new Error('Message exceeds the 40 MB that SES receiving accepts'), { responseCode: 552 }));
        const raw = Buffer.concat(chunks);
        chunks.length = 0;
        receiveEmail({ raw, deliveryId: `local-${ulid()}`, verdicts: localVerdicts(headerBlock(raw)) }).then(
          (outcome) => callback(null, `Accepted: contact ${outcome.contactId}, ${outcome.decision}`),
          (err: unknown) => {
            logger.error('local inbound email failed; the client should retry', { error: (err as Error)?.name });
            callback(Object.assign(new Error('Temporary failure handling the message; try again later'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new StartupError(`The inbound-email SMTP port ${port} cannot be listened on (${err.code ?? err.message}): stop what is using it, or choose another, e.g. SMTP_PORT=${port === 2525 ? 2526 : 2525} npm start.`)),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The verdicts the local server reports for a message: PASS, unless its header block
 * carries `X-Local-Verdicts` naming some as FAIL (`dmarc=FAIL; spam=FAIL`, in any
 * order and case). Anything else in the header is ignored.
 */
export function localVerdicts(headers: string): InboundVerdicts {
  const verdicts: InboundVerdicts = { dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  for (const [, value] of unfolded.matchAll(/^x-local-verdicts:(.*)$/gim)) {
    for (const part of value!.split(/[;,]/)) {
      const m = /^\s*(dmarc|spam|virus)\s*=\s*fail\s*$/i.exec(part);
      if (m) verdicts[m[1]!.toLowerCase() as keyof InboundVerdicts] = 'FAIL';
    }
  }
  return verdicts;
}

/** The header block of a message (up to the first empty line), at most 64 KB of it. */
function headerBlock(raw: Buffer): string {
  const head = raw.subarray(0, 65_536).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  return end === -1 ? head : head.slice(0, end);
}
