-- PostgreSQL twin of prisma/sqlite/migrations/20261130500000_threads_bilingual_bios, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "RequestMessage" ADD COLUMN "author" TEXT NOT NULL DEFAULT 'agent';

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "bioZh" TEXT NOT NULL DEFAULT '';
