-- AlterTable
ALTER TABLE "chat_messages" ADD COLUMN     "cost_micros" INTEGER NOT NULL DEFAULT 0;
