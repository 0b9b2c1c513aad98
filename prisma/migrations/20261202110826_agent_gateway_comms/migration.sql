-- CreateTable
CREATE TABLE "agent_gateway_agents" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "agent_id" TEXT NOT NULL,
    "agent_name" TEXT NOT NULL,
    "agent_type" TEXT NOT NULL,
    "capabilities" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "description" TEXT NOT NULL DEFAULT '',
    "webhook_url" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "channels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "secret_enc" TEXT NOT NULL,
    "last_heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "unregistered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agent_gateway_agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_gateway_deliveries" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "message_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "from_agent_id" TEXT NOT NULL,
    "to_agent_id" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agent_gateway_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_gateway_delivery_attempts" (
    "id" UUID NOT NULL,
    "delivery_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_gateway_delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comms_events" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "message_id" TEXT,
    "content" TEXT NOT NULL DEFAULT '',
    "data" JSONB NOT NULL DEFAULT '{}',
    "bus_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comms_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "agent_gateway_agents_user_id_agent_id_key" ON "agent_gateway_agents"("user_id", "agent_id");

-- CreateIndex
CREATE UNIQUE INDEX "agent_gateway_deliveries_message_id_key" ON "agent_gateway_deliveries"("message_id");

-- CreateIndex
CREATE INDEX "agent_gateway_deliveries_user_id_created_at_idx" ON "agent_gateway_deliveries"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "agent_gateway_deliveries_user_id_to_agent_id_created_at_idx" ON "agent_gateway_deliveries"("user_id", "to_agent_id", "created_at");

-- CreateIndex
CREATE INDEX "agent_gateway_deliveries_status_idx" ON "agent_gateway_deliveries"("status");

-- CreateIndex
CREATE UNIQUE INDEX "agent_gateway_delivery_attempts_delivery_id_attempt_key" ON "agent_gateway_delivery_attempts"("delivery_id", "attempt");

-- CreateIndex
CREATE INDEX "comms_events_user_id_created_at_idx" ON "comms_events"("user_id", "created_at");

-- AddForeignKey
ALTER TABLE "agent_gateway_delivery_attempts" ADD CONSTRAINT "agent_gateway_delivery_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "agent_gateway_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
