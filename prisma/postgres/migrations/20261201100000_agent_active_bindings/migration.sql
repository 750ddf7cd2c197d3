-- PostgreSQL twin of prisma/sqlite/migrations/20261201100000_agent_active_bindings, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "activeBindings" INTEGER NOT NULL DEFAULT 0;

-- Backfill: the exclusive customers each agent has now
UPDATE "Agent" SET "activeBindings" = (SELECT COUNT(*) FROM "Binding" WHERE "Binding"."agentId" = "Agent"."id" AND "Binding"."endedAt" IS NULL);
