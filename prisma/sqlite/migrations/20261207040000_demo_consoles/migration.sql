-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "humanLeftAt" DATETIME;
ALTER TABLE "AgentConnection" ADD COLUMN "demo" BOOLEAN NOT NULL DEFAULT false;
