-- PostgreSQL twin of prisma/sqlite/migrations/20261207050000_devices_and_erasure, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "erasedAt" TIMESTAMP(3);
ALTER TABLE "Session" ADD COLUMN "userAgent" TEXT;
