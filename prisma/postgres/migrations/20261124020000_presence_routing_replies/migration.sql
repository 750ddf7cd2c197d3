-- PostgreSQL twin of prisma/sqlite/migrations/20261124020000_presence_routing_replies, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "autoAway" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Agent" ADD COLUMN "disconnectedAt" TIMESTAMP(3);
ALTER TABLE "Agent" ADD COLUMN "lastActiveAt" TIMESTAMP(3);
ALTER TABLE "Agent" ADD COLUMN "lastSeenAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ServiceRequest" ADD COLUMN "boundAgentId" TEXT REFERENCES "Agent" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ServiceRequest" ADD COLUMN "offeredAt" TIMESTAMP(3);
ALTER TABLE "ServiceRequest" ADD COLUMN "excludedAgentIds" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "ServiceRequest" ADD COLUMN "waitForBound" BOOLEAN NOT NULL DEFAULT false;

-- Existing requests were all routed to the bound agent.
UPDATE "ServiceRequest" SET "boundAgentId" = "agentId" WHERE "boundAgentId" IS NULL;

-- CreateTable
CREATE TABLE "RequestMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "agentId" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RequestMessage_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ServiceRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RequestMessage_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RequestMessage_requestId_createdAt_idx" ON "RequestMessage"("requestId", "createdAt");

-- CreateIndex
CREATE INDEX "ServiceRequest_status_offeredAt_idx" ON "ServiceRequest"("status", "offeredAt");
