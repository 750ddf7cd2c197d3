-- AlterTable
ALTER TABLE "RequestMessage" ADD COLUMN "author" TEXT NOT NULL DEFAULT 'agent';
