-- AlterTable
ALTER TABLE "Callback" ADD COLUMN "awayReason" TEXT;
ALTER TABLE "Callback" ADD COLUMN "coverAgentId" TEXT;
