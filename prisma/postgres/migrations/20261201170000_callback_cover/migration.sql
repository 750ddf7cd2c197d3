-- PostgreSQL twin of prisma/sqlite/migrations/20261201170000_callback_cover, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "Callback" ADD COLUMN "awayReason" TEXT;
ALTER TABLE "Callback" ADD COLUMN "coverAgentId" TEXT;
