-- PostgreSQL twin of prisma/sqlite/migrations/20261207040000_demo_consoles, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "humanLeftAt" TIMESTAMP(3);
ALTER TABLE "AgentConnection" ADD COLUMN "demo" BOOLEAN NOT NULL DEFAULT false;
