-- AlterEnum
ALTER TYPE "email_delivery_status" ADD VALUE 'UNCONFIRMED';

