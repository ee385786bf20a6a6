import { Prisma } from '@yg/db';
import type { DocumentSource } from './source';

/**
 * IP assets: found by title, description, type, their creator's stage name and tags. Rejected,
 * archived and infected assets are not searchable; drafts are (their owner looks for them), and
 * `facets.status` lets a public catalog ask for published ones only.
 */
export const assetDocuments: DocumentSource = {
  entityType: 'asset',
  table: 'ip_assets',
  select: Prisma.sql`
    SELECT e.id AS entity_id,
           e.title,
           concat_ws(' ', e.description, e.type::text,
                     CASE WHEN c.deleted_at IS NULL THEN c.stage_name END, nullif(array_to_string(e.tags, ' '), '')) AS body,
           jsonb_build_object(
             'type', e.type, 'status', e.status, 'mimeType', e.mime_type, 'tags', to_jsonb(e.tags),
             'creatorId', e.creator_id, 'ownerId', e.created_by) AS facets,
           -- The creator's updated_at even once it is deleted: its deletion is a change of this
           -- document (the name goes), so the rebuilt document must not count as older.
           greatest(e.updated_at, c.updated_at) AS version,
           (e.deleted_at IS NULL AND e.status NOT IN ('REJECTED', 'ARCHIVED') AND e.scan_status <> 'INFECTED') AS visible
      FROM ip_assets e
      LEFT JOIN creators c ON c.id = e.creator_id`,
};
