import { connect, createServer, type Socket } from 'node:net';
import { onTeardown } from './teardown';

/**
 * A port in front of the machine's clamd that the suite can take down and bring back: down, it
 * hangs up on every connection as a crashed or restarting clamd would; up, it relays to clamd.
 * The shared clamd itself is never stopped (other runs use it).
 */
export interface ClamdGate {
  readonly port: number;
  down(): void;
  up(): void;
  /** Connections refused while down: scans the worker tried during the outage. */
  refused(): number;
  close(): Promise<void>;
}

export async function clamdGate(clamd = { host: '127.0.0.1', port: 3310 }): Promise<ClamdGate> {
  let open = true;
  let refused = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (!open) {
      refused++;
      socket.destroy();
      return;
    }
    const upstream = connect(clamd);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  const forget = onTeardown('clamd gate', close);
  return {
    port: (server.address() as { port: number }).port,
    down() {
      open = false;
      // Scans in flight lose their connection, as they would when clamd dies.
      for (const socket of sockets) socket.destroy();
    },
    up() {
      open = true;
    },
    refused: () => refused,
    async close() {
      forget();
      await close();
    },
  };
}
