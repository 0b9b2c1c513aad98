-- CreateTable
CREATE TABLE "network_node" (
    "id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "vapid_public_key" TEXT,
    "vapid_private_enc" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "network_node_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_peers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "secret_enc" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "remote_node_id" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "authenticated" BOOLEAN NOT NULL DEFAULT false,
    "last_seen_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "messages_in" INTEGER NOT NULL DEFAULT 0,
    "messages_out" INTEGER NOT NULL DEFAULT 0,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "network_peers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "network_nonces" (
    "peer_id" UUID NOT NULL,
    "nonce" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "network_nonces_pkey" PRIMARY KEY ("peer_id","nonce")
);

-- CreateTable
CREATE TABLE "network_peer_messages" (
    "id" UUID NOT NULL,
    "peer_id" UUID NOT NULL,
    "direction" TEXT NOT NULL,
    "remote_id" TEXT,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "network_peer_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pairing_codes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pairing_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "paired_devices" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "platform" TEXT,
    "channel" TEXT NOT NULL,
    "target_enc" TEXT,
    "target_hint" TEXT,
    "token_hash" TEXT NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "paired_devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_notifications" (
    "id" UUID NOT NULL,
    "device_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "url" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "error" TEXT,
    "http_status" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "device_notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "network_node_node_id_key" ON "network_node"("node_id");

-- CreateIndex
CREATE UNIQUE INDEX "network_peers_key_id_key" ON "network_peers"("key_id");

-- CreateIndex
CREATE INDEX "network_nonces_seen_at_idx" ON "network_nonces"("seen_at");

-- CreateIndex
CREATE INDEX "network_peer_messages_peer_id_created_at_idx" ON "network_peer_messages"("peer_id", "created_at");

-- CreateIndex
CREATE INDEX "network_peer_messages_created_at_idx" ON "network_peer_messages"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "network_peer_messages_peer_id_remote_id_key" ON "network_peer_messages"("peer_id", "remote_id");

-- CreateIndex
CREATE UNIQUE INDEX "pairing_codes_code_hash_key" ON "pairing_codes"("code_hash");

-- CreateIndex
CREATE INDEX "pairing_codes_user_id_created_at_idx" ON "pairing_codes"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "paired_devices_token_hash_key" ON "paired_devices"("token_hash");

-- CreateIndex
CREATE INDEX "paired_devices_user_id_created_at_idx" ON "paired_devices"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "device_notifications_device_id_created_at_idx" ON "device_notifications"("device_id", "created_at");

-- CreateIndex
CREATE INDEX "device_notifications_user_id_created_at_idx" ON "device_notifications"("user_id", "created_at");

-- AddForeignKey
ALTER TABLE "network_nonces" ADD CONSTRAINT "network_nonces_peer_id_fkey" FOREIGN KEY ("peer_id") REFERENCES "network_peers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "network_peer_messages" ADD CONSTRAINT "network_peer_messages_peer_id_fkey" FOREIGN KEY ("peer_id") REFERENCES "network_peers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_notifications" ADD CONSTRAINT "device_notifications_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "paired_devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;
