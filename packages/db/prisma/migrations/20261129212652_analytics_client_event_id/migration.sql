-- AlterTable
ALTER TABLE "analytics_events" ADD COLUMN     "client_event_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "analytics_events_client_event_id_key" ON "analytics_events"("client_event_id");


-- The enrichment sweep walks the events not enriched yet by id; a partial index keeps that walk
-- proportional to the events waiting, not to the whole table (Prisma's schema cannot declare it).
CREATE INDEX "analytics_events_unenriched_id_idx" ON "analytics_events"("id") WHERE "enriched_at" IS NULL;
