-- PostgreSQL twin of prisma/sqlite/migrations/20261207160000_team_admin_and_handover, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "Binding" ADD COLUMN "state" TEXT NOT NULL DEFAULT 'active';
ALTER TABLE "Binding" ADD COLUMN "handoverReason" TEXT;
ALTER TABLE "Binding" ADD COLUMN "handoverAt" TIMESTAMP(3);
ALTER TABLE "Binding" ADD COLUMN "handoverToAgentId" TEXT;
ALTER TABLE "Binding" ADD COLUMN "handoverAnswer" TEXT;
ALTER TABLE "Binding" ADD COLUMN "handoverAnsweredAt" TIMESTAMP(3);
ALTER TABLE "Binding" ADD COLUMN "handoverById" TEXT;
ALTER TABLE "Binding" ADD COLUMN "previousBindingId" TEXT;

-- AlterTable
ALTER TABLE "ServiceRequest" ADD COLUMN "firstOfferedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AgentLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    CONSTRAINT "AgentLink_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "adminId" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "changes" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Binding_state_handoverAt_idx" ON "Binding"("state", "handoverAt");

-- CreateIndex
CREATE INDEX "AgentLink_agentId_idx" ON "AgentLink"("agentId");

-- CreateIndex
CREATE INDEX "AuditEntry_targetType_targetId_createdAt_idx" ON "AuditEntry"("targetType", "targetId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_createdAt_idx" ON "AuditEntry"("createdAt");
