-- CreateTable
CREATE TABLE "a2a_tasks" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "context_id" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'submitted',
    "surface" TEXT NOT NULL DEFAULT 'a2a',
    "prompt" TEXT NOT NULL,
    "history" JSONB NOT NULL DEFAULT '[]',
    "artifacts" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "session_id" UUID,
    "job_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "owner" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "status_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "a2a_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "a2a_tasks_user_id_created_at_idx" ON "a2a_tasks"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "a2a_tasks_user_id_context_id_idx" ON "a2a_tasks"("user_id", "context_id");

-- CreateIndex
CREATE INDEX "a2a_tasks_state_idx" ON "a2a_tasks"("state");
