-- AlterTable
ALTER TABLE "agui_runs" ADD COLUMN     "start_event_id" TEXT;
