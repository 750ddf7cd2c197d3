-- AlterTable
ALTER TABLE "ServiceRequest" ADD COLUMN "customerDeliveredUpTo" DATETIME;
ALTER TABLE "ServiceRequest" ADD COLUMN "customerReadUpTo" DATETIME;
