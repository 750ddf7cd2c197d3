-- PostgreSQL twin of prisma/sqlite/migrations/20261130400000_sessions, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "MatchSession" ADD COLUMN "visitorId" TEXT;

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3)
);

-- CreateIndex
CREATE INDEX "Session_kind_subjectId_idx" ON "Session"("kind", "subjectId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");
