import { Transform } from 'node:stream';

/**
 * Content gathered before it is passed on, up to this many bytes: each chunk passed on is a write
 * to the SMTP socket, and a message built part by part (headers, each part, each encoded line
 * run) would otherwise cost the worker a system call per part.
 */
const PASS_ON_AT_BYTES = 64 * 1024;

/**
 * A pass-through for a message's content that lets nothing out until `claimed` resolves. SMTP
 * delivers a message only once its content has ended (`<CRLF>.<CRLF>`), so the envelope (MAIL
 * FROM, RCPT TO, DATA) can go ahead while the email is being claimed, and the claim stays ahead
 * of any byte that could make the mail leave. When `claimed` rejects, the stream fails with its
 * reason: the content never ends, and nodemailer drops the connection, which makes the server
 * discard the unfinished message. The content is passed on in chunks of up to 64 KiB, gathered
 * from the message's smaller ones.
 */
export function holdContentUntil(claimed: Promise<void>): Transform {
  let held: Buffer[] = [];
  let heldBytes = 0;
  const take = (): Buffer => {
    const chunk = held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
    held = [];
    heldBytes = 0;
    return chunk;
  };
  const failWith = (callback: (error: Error) => void) => (error: unknown) =>
    callback(error instanceof Error ? error : new Error(String(error)));
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes < PASS_ON_AT_BYTES) {
        callback();
        return;
      }
      claimed.then(() => callback(null, take()), failWith(callback));
    },
    flush(callback) {
      // An empty message still waits: its end is what would deliver it.
      claimed.then(() => callback(null, heldBytes > 0 ? take() : undefined), failWith(callback));
    },
  });
}
