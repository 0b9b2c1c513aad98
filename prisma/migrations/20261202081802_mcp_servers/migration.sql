-- CreateTable
CREATE TABLE "mcp_servers" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "command" TEXT,
    "args" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "url" TEXT,
    "env_enc" TEXT,
    "env_keys" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "headers_enc" TEXT,
    "header_keys" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "template_id" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "tools" JSONB NOT NULL DEFAULT '[]',
    "last_error" TEXT,
    "last_connected_at" TIMESTAMPTZ(3),
    "last_latency_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mcp_servers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "mcp_servers_user_id_name_key" ON "mcp_servers"("user_id", "name");
