-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "timeZone" TEXT NOT NULL DEFAULT 'Asia/Shanghai';
ALTER TABLE "Agent" ADD COLUMN "workingHours" TEXT NOT NULL DEFAULT '{"days":[1,2,3,4,5],"start":"09:00","end":"18:00"}';

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "locale" TEXT;
ALTER TABLE "Customer" ADD COLUMN "emailOff" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Callback" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "phone" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "status" TEXT NOT NULL DEFAULT 'booked',
    "agentNote" TEXT,
    "previousAt" DATETIME,
    "changedBy" TEXT,
    "remindedAt" DATETIME,
    "awayToldAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Callback_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Callback_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Callback_agentId_status_at_idx" ON "Callback"("agentId", "status", "at");

-- CreateIndex
CREATE INDEX "Callback_customerId_at_idx" ON "Callback"("customerId", "at");

-- CreateIndex
CREATE INDEX "Callback_status_at_idx" ON "Callback"("status", "at");

-- An agent takes one call at a time: one booked callback per agent and slot (not expressible in Prisma's schema).
CREATE UNIQUE INDEX "Callback_one_per_agent_slot" ON "Callback"("agentId", "at") WHERE "status" = 'booked';

-- CreateTable
CREATE TABLE "AnswerMail" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "lastSentAt" DATETIME,
    "pendingSince" DATETIME,
    "dueAt" DATETIME
);

-- CreateIndex
CREATE INDEX "AnswerMail_dueAt_idx" ON "AnswerMail"("dueAt");

-- CreateTable
CREATE TABLE "PushSubscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "endpoint" TEXT NOT NULL,
    "p256dh" TEXT NOT NULL,
    "auth" TEXT NOT NULL,
    "customerId" TEXT,
    "agentId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AppSecret" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "PushSubscription_endpoint_key" ON "PushSubscription"("endpoint");

-- CreateIndex
CREATE INDEX "PushSubscription_customerId_idx" ON "PushSubscription"("customerId");

-- CreateIndex
CREATE INDEX "PushSubscription_agentId_idx" ON "PushSubscription"("agentId");
