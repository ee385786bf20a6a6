import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@yg/db';

/** Small, readable rows for behaviour tests (bulk tests use `seedDemoData`). */
export function catalog(db: PrismaClient) {
  const unique = () => randomUUID().slice(0, 8);
  return {
    async user(name = 'Ada Brand') {
      return db.user.create({ data: { email: `${unique()}@example.com`, name } });
    },
    async creator(stageName: string, data: { bio?: string; specialties?: string[] } = {}) {
      const user = await this.user(stageName);
      return db.creator.create({ data: { userId: user.id, stageName, ...data } });
    },
    async asset(title: string, data: { description?: string; creatorId?: string; tags?: string[] } = {}) {
      const owner = await this.user();
      return db.ipAsset.create({
        data: {
          title,
          type: 'VIDEO',
          storageKey: `uploads/${unique()}.mp4`,
          fileSize: 3_000_000_000n,
          mimeType: 'video/mp4',
          status: 'DRAFT',
          createdBy: owner.id,
          ...data,
        },
      });
    },
    async license(ipAssetId: string, licensee = 'Ada Brand') {
      const user = await this.user(licensee);
      return db.license.create({
        data: { ipAssetId, licenseeId: user.id, status: 'ACTIVE', terms: 'Worldwide.', startsAt: new Date() },
      });
    },
    async post(title: string, status: 'DRAFT' | 'PUBLISHED', body = 'A post body.') {
      return db.blogPost.create({ data: { slug: unique(), title, body, status } });
    },
  };
}
