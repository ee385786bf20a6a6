import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';

export interface S3Server {
  endpoint: string;
  bucket: string;
  close(): Promise<void>;
}

/** A real S3-compatible server (s3rver) on loopback, with one bucket, its files in a temp dir. */
export async function startS3Server(bucket = 'yg-media-test'): Promise<S3Server> {
  const dir = mkdtempSync(join(tmpdir(), 'yg-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const address = (await server.run()) as { address: string; port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  // s3rver keeps a key's "folders" as directories and removes one when a delete leaves it empty;
  // a put into it at that moment fails with an ENOENT nobody can catch. The storage writes every
  // object under `.partial/` first and deletes it after the copy, so with several uploads at once
  // that folder empties and fills all the time: a resident object keeps it.
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: '.partial/.resident', Body: '' }));
  client.destroy();
  return {
    endpoint,
    bucket,
    async close() {
      await server.close();
      // Not removed here: an upload the server was still receiving when it closed (a worker
      // shutting down) goes on writing its partial file, and with the folder gone s3rver throws
      // ENOENT from a stream nobody listens to — an unhandled error that fails the run.
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    },
  };
}
