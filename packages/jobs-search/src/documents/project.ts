import { Prisma } from '@yg/db';
import type { DocumentSource } from './source';

/** Projects: found by name, description, status and the brand's name; archived ones are not. */
export const projectDocuments: DocumentSource = {
  entityType: 'project',
  table: 'projects',
  select: Prisma.sql`
    SELECT e.id AS entity_id,
           e.name AS title,
           concat_ws(' ', e.description, e.status::text, u.name) AS body,
           jsonb_build_object('status', e.status, 'brandId', e.brand_id) AS facets,
           greatest(e.updated_at, u.updated_at) AS version,
           (e.deleted_at IS NULL AND e.status <> 'ARCHIVED') AS visible
      FROM projects e
      JOIN users u ON u.id = e.brand_id`,
};
