import type { PrismaClient } from '@yg/db';

/**
 * One batch of notifications never delivered though created before `cutoff`, by id after
 * `cursor`: their delivery job was lost (Redis lost its data) or stalled for good.
 */
export async function lostDeliveries(
  db: PrismaClient,
  cutoff: Date,
  cursor: string,
  limit: number,
): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM notifications
    WHERE delivered_at IS NULL AND created_at < ${cutoff} AND id > ${cursor}
    ORDER BY id
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}
