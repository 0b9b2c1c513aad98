-- AlterTable
ALTER TABLE "users" DROP COLUMN "sessions_revoked_at";

-- CreateTable
CREATE TABLE "auth_sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "auth_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "auth_sessions_user_id_idx" ON "auth_sessions"("user_id");

-- Backfill (hand-written): every existing refresh-token family becomes an API session, so API
-- clients keep their refresh tokens across the upgrade. Access tokens and browser cookies issued
-- before it carry no session id and stop working (access tokens would expire within the hour).
INSERT INTO "auth_sessions" ("id", "user_id", "kind", "created_at", "expires_at", "ended_at")
SELECT "family_id", "user_id", 'api', MIN("created_at"), MAX("expires_at"),
       CASE WHEN BOOL_OR("revoked_at" IS NULL AND "rotated_at" IS NULL) THEN NULL
            ELSE COALESCE(MAX("revoked_at"), MAX("rotated_at"), CURRENT_TIMESTAMP) END
FROM "refresh_tokens"
GROUP BY "family_id", "user_id";

-- AddForeignKey
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_family_id_fkey" FOREIGN KEY ("family_id") REFERENCES "auth_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
