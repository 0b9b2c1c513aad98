-- CreateTable
CREATE TABLE "mesh_agents" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "capabilities" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "endpoint" TEXT,
    "atrium_agent_id" UUID,
    "status" TEXT NOT NULL DEFAULT 'online',
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mesh_agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mesh_tasks" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "message" JSONB NOT NULL,
    "task" TEXT NOT NULL,
    "space_id" UUID,
    "assigned_agents" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" TEXT NOT NULL DEFAULT 'pending',
    "result" JSONB,
    "error" JSONB,
    "timeout_seconds" INTEGER NOT NULL DEFAULT 300,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "owner" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mesh_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mesh_spaces" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mesh_spaces_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mesh_space_entries" (
    "id" UUID NOT NULL,
    "space_id" UUID NOT NULL,
    "task_id" UUID,
    "kind" TEXT NOT NULL DEFAULT 'message',
    "role" TEXT NOT NULL,
    "agent" TEXT,
    "content" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mesh_space_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mesh_agents_user_id_key_key" ON "mesh_agents"("user_id", "key");

-- CreateIndex
CREATE INDEX "mesh_tasks_user_id_created_at_idx" ON "mesh_tasks"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "mesh_tasks_status_idx" ON "mesh_tasks"("status");

-- CreateIndex
CREATE INDEX "mesh_tasks_space_id_idx" ON "mesh_tasks"("space_id");

-- CreateIndex
CREATE INDEX "mesh_spaces_user_id_created_at_idx" ON "mesh_spaces"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "mesh_space_entries_space_id_created_at_idx" ON "mesh_space_entries"("space_id", "created_at");

-- AddForeignKey
ALTER TABLE "mesh_space_entries" ADD CONSTRAINT "mesh_space_entries_space_id_fkey" FOREIGN KEY ("space_id") REFERENCES "mesh_spaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
