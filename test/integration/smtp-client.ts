import { connect } from 'node:net';

/**
 * A minimal SMTP client (RFC 5321, no TLS, no auth) for the tests: sends one message
 * to the local inbound-email server and answers the server's final reply line.
 */
export async function sendSmtp(port: number, mail: { from: string; to: string; data: string | Buffer }): Promise<{ code: number; line: string }> {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let buffer = '';
  const waiters: Array<(line: string) => void> = [];
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let i: number;
    while ((i = buffer.indexOf('\r\n')) !== -1) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      // Multi-line replies (`250-...`) end with a line whose fourth character is a space.
      if (line[3] === '-') continue;
      waiters.shift()?.(line);
    }
  });
  const reply = () => new Promise<string>((resolve) => waiters.push(resolve));
  const expectCode = async (want: number) => {
    const line = await reply();
    if (Number(line.slice(0, 3)) !== want) throw new Error(`SMTP: expected ${want}, got ${line}`);
  };
  const send = (text: string) => socket.write(`${text}\r\n`);
  try {
    await expectCode(220);
    send('EHLO test.localhost');
    await expectCode(250);
    send(`MAIL FROM:<${mail.from}>`);
    await expectCode(250);
    send(`RCPT TO:<${mail.to}>`);
    await expectCode(250);
    send('DATA');
    await expectCode(354);
    const data = Buffer.isBuffer(mail.data) ? mail.data.toString('latin1') : mail.data;
    // Dot-stuffing; CRLF line ends.
    const body = data.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    socket.write(body.endsWith('\r\n') ? body : `${body}\r\n`, 'latin1');
    send('.');
    const line = await reply();
    send('QUIT');
    return { code: Number(line.slice(0, 3)), line };
  } finally {
    socket.end();
  }
}

/** A plain-text message with the given headers (Message-ID unique unless given). */
export function message(h: { from: string; subject: string; messageId?: string; extra?: string[] }, body = 'Hello,\nplease reply.\n'): string {
  return [
    `From: ${h.from}`,
    'To: office@opcc.localhost',
    `Subject: ${h.subject}`,
    `Message-ID: ${h.messageId ?? `<${Math.random().toString(36).slice(2)}.${Date.now()}@example.com>`}`,
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    ...(h.extra ?? []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
  ].join('\r\n');
}
