-- CreateTable
CREATE TABLE "roles" (
    "id" UUID NOT NULL,
    "key" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "permissions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_roles" (
    "user_id" UUID NOT NULL,
    "role_id" UUID NOT NULL,
    "assigned_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_roles_pkey" PRIMARY KEY ("user_id","role_id")
);

-- CreateTable
CREATE TABLE "resource_grants" (
    "id" UUID NOT NULL,
    "resource_type" TEXT NOT NULL,
    "resource_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "level" TEXT NOT NULL,
    "granted_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "resource_grants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "roles_key_key" ON "roles"("key");

-- CreateIndex
CREATE UNIQUE INDEX "roles_name_key" ON "roles"("name");

-- CreateIndex
CREATE INDEX "user_roles_role_id_idx" ON "user_roles"("role_id");

-- CreateIndex
CREATE INDEX "resource_grants_user_id_idx" ON "resource_grants"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "resource_grants_resource_type_resource_id_user_id_key" ON "resource_grants"("resource_type", "resource_id", "user_id");

-- AddForeignKey
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_assigned_by_id_fkey" FOREIGN KEY ("assigned_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_grants" ADD CONSTRAINT "resource_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resource_grants" ADD CONSTRAINT "resource_grants_granted_by_id_fkey" FOREIGN KEY ("granted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The built-in roles. Their permissions come from code (src/features/permissions/catalog.ts).
INSERT INTO "roles" ("id", "key", "name", "description", "updated_at") VALUES
    (gen_random_uuid(), 'admin', 'Admin', 'Everything, including roles, users and every other user''s resources.', CURRENT_TIMESTAMP),
    (gen_random_uuid(), 'member', 'Member', 'Creates and uses agents, chats, models and calendars of their own.', CURRENT_TIMESTAMP),
    (gen_random_uuid(), 'viewer', 'Viewer', 'Reads and uses what is shared with them; creates, changes and deletes nothing.', CURRENT_TIMESTAMP);

-- Existing accounts keep what they had: administrators hold the admin role, everyone else member.
INSERT INTO "user_roles" ("user_id", "role_id")
SELECT u."id", r."id" FROM "users" u JOIN "roles" r ON r."key" = CASE WHEN u."role" = 'admin' THEN 'admin' ELSE 'member' END;

-- The first account on an empty instance is the administrator, whichever path creates it (003's
-- verify, 004's register, the demo seed). The advisory lock makes two concurrent first sign-ups
-- take turns, so only one of them sees the empty table.
CREATE FUNCTION "atrium_first_account_is_admin"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(727190001);
    IF NOT EXISTS (SELECT 1 FROM "users") THEN
        NEW."role" := 'admin';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "users_first_account_is_admin" BEFORE INSERT ON "users"
    FOR EACH ROW EXECUTE FUNCTION "atrium_first_account_is_admin"();

-- Every new account holds the built-in role matching users.role (admin or member).
CREATE FUNCTION "atrium_default_role"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "user_roles" ("user_id", "role_id")
    SELECT NEW."id", r."id" FROM "roles" r WHERE r."key" = CASE WHEN NEW."role" = 'admin' THEN 'admin' ELSE 'member' END
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END;
$$;

CREATE TRIGGER "users_default_role" AFTER INSERT ON "users"
    FOR EACH ROW EXECUTE FUNCTION "atrium_default_role"();
