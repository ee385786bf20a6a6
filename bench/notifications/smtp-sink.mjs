// A local SMTP server that accepts every message and discards it, in a process of its own (as a
// real relay would be). It reports the running count of accepted messages to its parent over IPC.
import { SMTPServer } from 'smtp-server';

let accepted = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  closeTimeout: 500,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      accepted++;
      callback(null);
      process.send?.({ accepted });
    });
  },
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.server.address().port }));
process.on('disconnect', () => server.close(() => process.exit(0)));
