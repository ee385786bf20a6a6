import { Prisma } from '@yg/db';
import type { DocumentSource } from './source';

/** Licenses: found by the licensed asset's title, the licensee's name, status and terms. */
export const licenseDocuments: DocumentSource = {
  entityType: 'license',
  table: 'licenses',
  select: Prisma.sql`
    SELECT e.id AS entity_id,
           a.title,
           concat_ws(' ', u.name, e.status::text, e.terms) AS body,
           jsonb_build_object(
             'status', e.status, 'ipAssetId', e.ip_asset_id, 'licenseeId', e.licensee_id,
             'projectId', e.project_id) AS facets,
           greatest(e.updated_at, a.updated_at, u.updated_at) AS version,
           (e.deleted_at IS NULL) AS visible
      FROM licenses e
      JOIN ip_assets a ON a.id = e.ip_asset_id
      JOIN users u ON u.id = e.licensee_id`,
};
