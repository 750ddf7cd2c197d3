-- PostgreSQL twin of prisma/sqlite/migrations/20261201150000_read_receipts_message_keys, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "RequestMessage" ADD COLUMN "idempotencyKey" TEXT;

-- CreateTable
CREATE TABLE "ThreadRead" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "upTo" TIMESTAMP(3) NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ThreadRead_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ServiceRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ThreadRead_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ThreadRead_agentId_idx" ON "ThreadRead"("agentId");

-- CreateIndex
CREATE UNIQUE INDEX "ThreadRead_requestId_agentId_key" ON "ThreadRead"("requestId", "agentId");

-- CreateIndex
CREATE UNIQUE INDEX "RequestMessage_requestId_idempotencyKey_key" ON "RequestMessage"("requestId", "idempotencyKey");
