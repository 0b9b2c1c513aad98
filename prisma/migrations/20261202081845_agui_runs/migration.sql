-- CreateTable
CREATE TABLE "agui_threads" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "agent_id" UUID,
    "session_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agui_threads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agui_runs" (
    "id" UUID NOT NULL,
    "thread_id" UUID NOT NULL,
    "run_id" TEXT NOT NULL,
    "parent_run_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "input" JSONB NOT NULL,
    "pending_tool_call_ids" JSONB,
    "owner" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "agui_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agui_messages" (
    "id" UUID NOT NULL,
    "thread_id" UUID NOT NULL,
    "message_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "tool_calls" JSONB,
    "tool_call_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agui_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "agui_threads_user_id_updated_at_idx" ON "agui_threads"("user_id", "updated_at");

-- CreateIndex
CREATE INDEX "agui_runs_thread_id_created_at_idx" ON "agui_runs"("thread_id", "created_at");

-- CreateIndex
CREATE INDEX "agui_runs_status_idx" ON "agui_runs"("status");

-- CreateIndex
CREATE UNIQUE INDEX "agui_runs_thread_id_run_id_key" ON "agui_runs"("thread_id", "run_id");

-- CreateIndex
CREATE INDEX "agui_messages_thread_id_created_at_idx" ON "agui_messages"("thread_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "agui_messages_thread_id_message_id_key" ON "agui_messages"("thread_id", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "agui_messages_thread_id_position_key" ON "agui_messages"("thread_id", "position");

-- AddForeignKey
ALTER TABLE "agui_runs" ADD CONSTRAINT "agui_runs_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "agui_threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agui_messages" ADD CONSTRAINT "agui_messages_thread_id_fkey" FOREIGN KEY ("thread_id") REFERENCES "agui_threads"("id") ON DELETE CASCADE ON UPDATE CASCADE;
