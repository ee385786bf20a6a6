-- AlterTable
ALTER TABLE "ip_assets" ADD COLUMN     "media_error" TEXT;

