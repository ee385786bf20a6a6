import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { onTeardown } from './teardown';

/**
 * A real SMTP server (npm `smtp-server`) in the suite's process that counts the messages it
 * accepts per recipient. Each chaos user gets exactly one email (the one of its one
 * notification, idempotency key `notification:<id>`), so a recipient's count is that key's
 * count: 0 is a lost email, 2 a doubled one.
 */
export interface CountingSmtpServer {
  readonly port: number;
  /** The worker's `SMTP_URL`. */
  readonly url: string;
  /** Messages accepted for this address. */
  count(recipient: string): number;
  /** Messages accepted in all. */
  total(): number;
  /** How long the server sits on each message before it answers 250; change it any time. */
  delayMs: number;
  /**
   * The server goes down as a crashed one does: nothing listens on the port any more, and every
   * open connection is cut where it stands, mid-message or not, without a 421.
   */
  crash(): Promise<void>;
  /** Listens again on the same port (the worker's `SMTP_URL` does not change). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function countingSmtpServer(): Promise<CountingSmtpServer> {
  const counts = new Map<string, number>();
  let total = 0;
  const state = { delayMs: 0 };
  const sockets = new Set<Socket>();
  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // A pooled client keeps its connections open; closing should not wait for them.
      closeTimeout: 500,
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          const accept = () => {
            // Counted when the server answers 250: from then on the mail is the server's to deliver,
            // whether or not the client lives to read the reply.
            for (const { address } of session.envelope.rcptTo) {
              counts.set(address, (counts.get(address) ?? 0) + 1);
            }
            total++;
            callback(null);
          };
          if (state.delayMs > 0) setTimeout(accept, state.delayMs);
          else accept();
        });
      },
    });
  const listen = async (port: number): Promise<SMTPServer> => {
    const server = create();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    // Sockets the worker leaves behind when it is killed must not end the suite.
    server.on('error', () => {});
    server.server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    return server;
  };
  let server: SMTPServer | undefined = await listen(0);
  const { port } = server.server.address() as AddressInfo;
  const stop = async (abruptly: boolean) => {
    const closing = server;
    server = undefined;
    if (!closing) return;
    const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
    if (abruptly) for (const socket of sockets) socket.destroy();
    await closed;
  };
  const close = () => stop(false);
  onTeardown(`smtp server on ${port}`, close);
  return {
    port,
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    count: (recipient) => counts.get(recipient) ?? 0,
    total: () => total,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    crash: () => stop(true),
    async restart() {
      if (!server) server = await listen(port);
    },
    close,
  };
}
