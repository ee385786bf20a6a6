import { Transform } from 'node:stream';

/**
 * A pass-through for a message's content that lets nothing out until `claimed` resolves. SMTP
 * delivers a message only once its content has ended (`<CRLF>.<CRLF>`), so the envelope (MAIL
 * FROM, RCPT TO, DATA) can go ahead while the email is being claimed, and the claim stays ahead
 * of any byte that could make the mail leave. When `claimed` rejects, the stream fails with its
 * reason: the content never ends, and nodemailer drops the connection, which makes the server
 * discard the unfinished message.
 */
export function holdContentUntil(claimed: Promise<void>): Transform {
  let open = false;
  return new Transform({
    transform(chunk, _encoding, callback) {
      if (open) {
        callback(null, chunk);
        return;
      }
      claimed.then(
        () => {
          open = true;
          callback(null, chunk);
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
    flush(callback) {
      // An empty message still waits: its end is what would deliver it.
      if (open) callback();
      else claimed.then(() => callback(), callback);
    },
  });
}
