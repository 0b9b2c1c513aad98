-- CreateTable
CREATE TABLE "gateway_routes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "pattern" TEXT NOT NULL,
    "chain" TEXT[],
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "gateway_routes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gateway_providers" (
    "model_config_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "quota_source" TEXT NOT NULL DEFAULT 'auto',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "gateway_providers_pkey" PRIMARY KEY ("model_config_id")
);

-- CreateIndex
CREATE INDEX "gateway_routes_user_id_position_idx" ON "gateway_routes"("user_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "gateway_routes_user_id_pattern_key" ON "gateway_routes"("user_id", "pattern");

-- CreateIndex
CREATE INDEX "gateway_providers_user_id_idx" ON "gateway_providers"("user_id");
