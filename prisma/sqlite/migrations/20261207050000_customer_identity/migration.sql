-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "externalId" TEXT;

-- CreateTable
CREATE TABLE "CustomerLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "Customer_externalId_key" ON "Customer"("externalId");

-- CreateIndex
CREATE INDEX "CustomerLink_customerId_idx" ON "CustomerLink"("customerId");
