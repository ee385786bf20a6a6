import { Prisma } from '@yg/db';
import type { DocumentSource } from './source';

/** Blog posts: found by title, excerpt, body and tags, once published (never as drafts). */
export const blogPostDocuments: DocumentSource = {
  entityType: 'blog_post',
  table: 'blog_posts',
  select: Prisma.sql`
    SELECT e.id AS entity_id,
           e.title,
           concat_ws(' ', e.excerpt, e.body, nullif(array_to_string(e.tags, ' '), '')) AS body,
           jsonb_build_object('tags', to_jsonb(e.tags), 'slug', e.slug, 'publishedAt', e.published_at) AS facets,
           e.updated_at AS version,
           (e.deleted_at IS NULL AND e.status = 'PUBLISHED') AS visible
      FROM blog_posts e`,
};
