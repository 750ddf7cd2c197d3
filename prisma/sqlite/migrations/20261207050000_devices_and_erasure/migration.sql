-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "erasedAt" DATETIME;
ALTER TABLE "Session" ADD COLUMN "userAgent" TEXT;
