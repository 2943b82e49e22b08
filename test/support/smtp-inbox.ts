import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One email as the inbox received it: envelope, subject, text body and attachments. */
export interface ReceivedEmail {
  to: string[];
  subject: string;
  text: string;
  attachments: { fileName: string; contentType: string; bytes: Buffer }[];
}

/** A header's value in a block of MIME headers (folded lines joined). */
function header(headers: string, name: string): string | undefined {
  const unfolded = headers.replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded)?.[1];
}

/** Decodes a part's body by its Content-Transfer-Encoding (base64, quoted-printable or 7/8-bit). */
function decodeBody(headers: string, body: string): Buffer {
  const encoding = (header(headers, 'Content-Transfer-Encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1');
  }
  return Buffer.from(body, 'utf8');
}

/** Decodes an RFC 2047 encoded subject (nodemailer encodes non-ASCII ones as =?UTF-8?Q?...?=). */
function decodeWords(text: string): string {
  return text.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind: string, data: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** Reads a message as nodemailer writes one: a text body, or multipart/mixed with attachments. */
export function parseEmail(raw: string, to: string[]): ReceivedEmail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const email: ReceivedEmail = {
    to,
    subject: decodeWords(header(headers, 'Subject') ?? ''),
    text: '',
    attachments: [],
  };
  const boundary = /boundary="?([^";]+)"?/i.exec(header(headers, 'Content-Type') ?? '')?.[1];
  if (!boundary) {
    email.text = decodeBody(headers, body).toString('utf8');
    return email;
  }
  for (const part of body.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const partSplit = part.indexOf('\r\n\r\n');
    const partHeaders = part.slice(0, partSplit).trim();
    const partBody = part.slice(partSplit + 4).replace(/\r\n$/, '');
    const disposition = header(partHeaders, 'Content-Disposition') ?? '';
    if (/attachment/i.test(disposition)) {
      email.attachments.push({
        fileName: /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? '',
        contentType: (header(partHeaders, 'Content-Type') ?? '').split(';')[0] as string,
        bytes: decodeBody(partHeaders, partBody),
      });
    } else {
      email.text += decodeBody(partHeaders, partBody).toString('utf8');
    }
  }
  return email;
}

/**
 * A real SMTP server on 127.0.0.1 (port 0) that keeps what it receives; `setRefuse` decides, per
 * recipient, whether to answer 450 (mailbox busy), to test failed deliveries and their retries.
 */
export async function startSmtpInbox(): Promise<{
  url: string;
  received: ReceivedEmail[];
  setRefuse(rule: (recipient: string) => boolean): void;
  close(): Promise<void>;
}> {
  const inbox = {
    received: [] as ReceivedEmail[],
    refuse: (_recipient: string) => false,
  };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (inbox.refuse(address.address)) {
        callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 450 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        inbox.received.push(parseEmail(Buffer.concat(chunks).toString('latin1'), to));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get received() {
      return inbox.received;
    },
    setRefuse(rule) {
      inbox.refuse = rule;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
