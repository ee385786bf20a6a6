// Imports the packages a web app would, then reports what keeps the event loop busy.
await import('@yg/job-contracts');
await import('@yg/queue-core');
await new Promise((resolve) => setImmediate(resolve));
process.stdout.write(JSON.stringify(process.getActiveResourcesInfo()));
