-- PostgreSQL twin of prisma/sqlite/migrations/20261207050000_customer_identity, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "externalId" TEXT;

-- CreateTable
CREATE TABLE "CustomerLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3)
);

-- CreateIndex
CREATE UNIQUE INDEX "Customer_externalId_key" ON "Customer"("externalId");

-- CreateIndex
CREATE INDEX "CustomerLink_customerId_idx" ON "CustomerLink"("customerId");
