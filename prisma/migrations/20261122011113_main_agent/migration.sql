-- AlterTable
ALTER TABLE "agents" ADD COLUMN     "is_main" BOOLEAN NOT NULL DEFAULT false;
