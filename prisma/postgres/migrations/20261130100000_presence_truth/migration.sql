-- PostgreSQL twin of prisma/sqlite/migrations/20261130100000_presence_truth, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "connected" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ServiceRequest" ADD COLUMN "holdReason" TEXT;
ALTER TABLE "ServiceRequest" ADD COLUMN "hops" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ServiceRequest" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'zh-CN';

-- Requests that waited for their agent (never offered) keep waiting, now with a reason.
UPDATE "ServiceRequest" SET "holdReason" = 'agent_offline' WHERE "status" = 'pending' AND "offeredAt" IS NULL;

-- CreateTable
CREATE TABLE "AgentConnection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "connectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgentConnection_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RealtimeInstance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "beatAt" TIMESTAMP(3) NOT NULL
);

-- CreateIndex
CREATE INDEX "AgentConnection_agentId_idx" ON "AgentConnection"("agentId");

-- CreateIndex
CREATE INDEX "AgentConnection_instanceId_idx" ON "AgentConnection"("instanceId");

-- DropIndex
DROP INDEX "Agent_status_capability_id_idx";

-- CreateIndex
CREATE INDEX "Agent_status_connected_capability_id_idx" ON "Agent"("status", "connected", "capability" DESC, "id");
