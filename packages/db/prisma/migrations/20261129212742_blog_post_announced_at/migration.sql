-- AlterTable
ALTER TABLE "blog_posts" ADD COLUMN     "announced_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "blog_posts_status_announced_at_idx" ON "blog_posts"("status", "announced_at");

-- Posts published before the publisher tracked announcements were announced (or never needed to
-- be): without this, its first run would queue a notification for every one of them.
UPDATE "blog_posts" SET "announced_at" = COALESCE("published_at", CURRENT_TIMESTAMP) WHERE "status" = 'PUBLISHED';
