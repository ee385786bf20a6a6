import { Prisma } from '@yg/db';
import type { DocumentSource } from './source';

/** Creators: found by stage name, bio and specialties; gone with their profile or their user. */
export const creatorDocuments: DocumentSource = {
  entityType: 'creator',
  table: 'creators',
  select: Prisma.sql`
    SELECT e.id AS entity_id,
           e.stage_name AS title,
           concat_ws(' ', e.bio, nullif(array_to_string(e.specialties, ' '), '')) AS body,
           jsonb_build_object('specialties', to_jsonb(e.specialties), 'userId', e.user_id) AS facets,
           greatest(e.updated_at, u.updated_at) AS version,
           (e.deleted_at IS NULL AND u.deleted_at IS NULL) AS visible
      FROM creators e
      JOIN users u ON u.id = e.user_id`,
};
