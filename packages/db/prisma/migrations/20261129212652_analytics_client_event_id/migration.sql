-- AlterTable
ALTER TABLE "analytics_events" ADD COLUMN     "client_event_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "analytics_events_client_event_id_key" ON "analytics_events"("client_event_id");
