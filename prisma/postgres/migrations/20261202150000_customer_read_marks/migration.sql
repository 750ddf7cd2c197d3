-- PostgreSQL twin of prisma/sqlite/migrations/20261202150000_customer_read_marks, derived by scripts/port-migrations.ts and reviewed.
-- AlterTable
ALTER TABLE "ServiceRequest" ADD COLUMN "customerDeliveredUpTo" TIMESTAMP(3);
ALTER TABLE "ServiceRequest" ADD COLUMN "customerReadUpTo" TIMESTAMP(3);
