import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendOutcome } from '../src/email/send-outcome';
import { createSmtpMailer, type Mailer } from '../src/worker';
import { freePort, smtpUrl, startSmtpServer } from './fixtures/smtp';

const open: { server?: Server; mailer?: Mailer; close?: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const { server, mailer, close } of open.splice(0)) {
    await mailer?.close();
    await close?.();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
});

/**
 * A minimal SMTP server that speaks the protocol up to the end of DATA and then, in place of
 * "250", does `atEnd` — the cases a real server cannot be made to produce on demand.
 */
async function scriptedServer(
  atEnd: (socket: Socket) => void,
  /** Does this in place of answering the envelope command it matches (MAIL FROM, RCPT TO). */
  inEnvelope?: { command: RegExp; act: (socket: Socket) => void },
): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let inData = false;
    let buffer = '';
    socket.write('220 scripted ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\r\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            atEnd(socket);
          }
        } else if (inEnvelope?.command.test(line)) inEnvelope.act(socket);
        else if (/^(EHLO|HELO)/i.test(line)) socket.write('250 scripted\r\n');
        else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
        newline = buffer.indexOf('\r\n');
      }
    });
  });
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  open.push({ server });
  return port;
}

async function failureOf(port: number, login?: { user: string; pass: string }): Promise<unknown> {
  const mailer = createSmtpMailer({
    url: smtpUrl(port, login),
    from: 'no-reply@example.com',
    ignoreTLS: true,
    connectionTimeoutMs: 300,
    socketTimeoutMs: 500,
  });
  open.push({ mailer });
  try {
    await mailer.send({
      idempotencyKey: 'k',
      messageId: '<k@example.com>',
      to: 'ada@example.com',
      subject: 'Hi',
      text: 'Hello',
    });
  } catch (error) {
    return error;
  }
  throw new Error('expected the send to fail');
}

describe('sendOutcome, on the errors nodemailer really gives', () => {
  it('unavailable: nothing listens on the port', async () => {
    expect(sendOutcome(await failureOf(await freePort()))).toBe('unavailable');
  });

  it('unavailable: the server takes the connection and never greets (a hung server)', async () => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => sockets.add(socket));
    server.on('close', () => {
      for (const socket of sockets) socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push({ server });
    const error = await failureOf((server.address() as { port: number }).port);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT' });
    expect(sendOutcome(error)).toBe('unavailable');
  });

  it('refuses a socket timeout that would fire before the greeting timeout, from the options or the URL', () => {
    const from = 'no-reply@example.com';
    expect(() =>
      createSmtpMailer({ url: smtpUrl(25), from, connectionTimeoutMs: 500, socketTimeoutMs: 500 }),
    ).toThrow(
      'SMTP socket timeout (500 ms) must be longer than the connection and greeting timeouts (500 ms)',
    );
    expect(() => createSmtpMailer({ url: smtpUrl(25), from, socketTimeoutMs: 5000 })).toThrow(/\(10000 ms\)/);
    expect(() => createSmtpMailer({ url: `${smtpUrl(25)}?socketTimeout=2000`, from })).toThrow(/\(2000 ms\)/);
    const mailer = createSmtpMailer({
      url: `${smtpUrl(25)}?greetingTimeout=1000`,
      from,
      socketTimeoutMs: 5000,
    });
    open.push({ mailer });
  });

  it('unavailable: the server (or a balancer in front of it) closes the connection before its greeting', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push({ server });
    const error = await failureOf((server.address() as { port: number }).port);
    // nodemailer's pool tries new connections a few times, then gives up.
    expect(error).toMatchObject({
      code: 'ECONNECTION',
      message: expect.stringContaining('maximum number of retries'),
    });
    expect(sendOutcome(error)).toBe('unavailable');
  });

  it('unavailable: the server answers the message with 421 (service not available)', async () => {
    const port = await scriptedServer((s) => s.write('421 shutting down\r\n'));
    expect(sendOutcome(await failureOf(port))).toBe('unavailable');
  });

  it('not sent: a 4xx reply to the message (try again later)', async () => {
    const port = await scriptedServer((s) => s.write('451 try later\r\n'));
    expect(sendOutcome(await failureOf(port))).toBe('not-sent');
  });

  it("unavailable: the login is refused (535), which is the operator's credentials, not the message", async () => {
    const smtp = await startSmtpServer({ login: () => false });
    open.push({ close: () => smtp.close() });
    const error = await failureOf(smtp.port, { user: 'mailer', pass: 'wrong' });
    expect(error).toMatchObject({ code: 'EAUTH', responseCode: 535 });
    expect(sendOutcome(error)).toBe('unavailable');
  });

  it('rejected: a 5xx reply to the message', async () => {
    const port = await scriptedServer((s) => s.write('554 no thanks\r\n'));
    expect(sendOutcome(await failureOf(port))).toBe('rejected');
  });

  it('not sent: the connection drops in the envelope, before a byte of the content went', async () => {
    const port = await scriptedServer(() => {}, { command: /^RCPT TO/i, act: (s) => s.destroy() });
    const error = await failureOf(port);
    expect(error).toMatchObject({ code: 'ECONNECTION' });
    expect(sendOutcome(error)).toBe('not-sent');
  });

  it('not sent: the server goes silent in the envelope (socket timeout)', async () => {
    const port = await scriptedServer(() => {}, { command: /^MAIL FROM/i, act: () => {} });
    const error = await failureOf(port);
    expect(error).toMatchObject({ timeoutType: 'SOCKET_TIMEOUT' });
    expect(sendOutcome(error)).toBe('not-sent');
  });

  it('unknown: the connection drops after the whole message, before the reply', async () => {
    const port = await scriptedServer((s) => s.destroy());
    expect(sendOutcome(await failureOf(port))).toBe('unknown');
  });

  it('unknown: no reply at all after the message (socket timeout)', async () => {
    const port = await scriptedServer(() => {});
    expect(sendOutcome(await failureOf(port))).toBe('unknown');
  });
});
