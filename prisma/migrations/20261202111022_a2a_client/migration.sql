-- CreateTable
CREATE TABLE "a2a_remote_agents" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "url" TEXT NOT NULL,
    "card_url" TEXT NOT NULL,
    "card" JSONB NOT NULL,
    "headers_enc" TEXT,
    "header_keys" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "discovered_at" TIMESTAMPTZ(3) NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "a2a_remote_agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "a2a_outbound_tasks" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "agent_id" UUID NOT NULL,
    "message" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'submitted',
    "remote_task_id" TEXT,
    "context_id" TEXT,
    "result_text" TEXT,
    "error" TEXT,
    "owner" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "a2a_outbound_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "a2a_remote_agents_user_id_url_key" ON "a2a_remote_agents"("user_id", "url");

-- CreateIndex
CREATE UNIQUE INDEX "a2a_remote_agents_user_id_slug_key" ON "a2a_remote_agents"("user_id", "slug");

-- CreateIndex
CREATE INDEX "a2a_outbound_tasks_user_id_created_at_idx" ON "a2a_outbound_tasks"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "a2a_outbound_tasks_state_updated_at_idx" ON "a2a_outbound_tasks"("state", "updated_at");

-- AddForeignKey
ALTER TABLE "a2a_outbound_tasks" ADD CONSTRAINT "a2a_outbound_tasks_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "a2a_remote_agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
