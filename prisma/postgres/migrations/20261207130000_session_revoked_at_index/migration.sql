-- PostgreSQL twin of prisma/sqlite/migrations/20261207130000_session_revoked_at_index, derived by scripts/port-migrations.ts and reviewed.
-- CreateIndex
CREATE INDEX "Session_revokedAt_idx" ON "Session"("revokedAt");
