// Runs verdaccio in a process of its own (started by registry.ts with fork()): the test drives it
// through npm child processes, and a server in the test's own process would share its event loop.
//
// argv: <config.yaml> <mount>. Everything is served under /<mount>/, a name unique to the run, so
// that npm's cache (kept between runs for speed) can never answer for this run's packages with the
// packument or tarball of an earlier run that happened to get the same port.
import { createServer } from 'node:http';
import { runServer } from 'verdaccio';

const [configPath, mount] = process.argv.slice(2);
const prefix = `/${mount}`;

// runServer() returns a server around verdaccio's express app; only the app is needed here.
const app = (await runServer(configPath)).listeners('request')[0];

const server = createServer((req, res) => {
  if (req.url === prefix || !req.url?.startsWith(`${prefix}/`)) {
    res.writeHead(404).end();
    return;
  }
  req.url = req.url.slice(prefix.length);
  app(req, res);
});

// Port 0: the kernel picks a free port, so parallel runs never race for one.
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port });
});

// The parent closes the IPC channel on stop and when it dies: never outlive it.
process.on('disconnect', () => process.exit(0));
