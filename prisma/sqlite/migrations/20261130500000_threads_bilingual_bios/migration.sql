-- AlterTable
ALTER TABLE "RequestMessage" ADD COLUMN "author" TEXT NOT NULL DEFAULT 'agent';

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "bioZh" TEXT NOT NULL DEFAULT '';
