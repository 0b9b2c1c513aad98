import "server-only";
import type { ModelConfig } from "@/generated/prisma/client";
import type { AuthedContext } from "@/server/context";
import { decryptSecret, encryptSecret, SecretDecryptionError } from "@/server/crypto/secrets";
import type { DbTx } from "@/server/db/client";
import { recordAudit } from "@/features/audit/record";
import { requirePermission } from "@/features/permissions/service/check";
import { AppError, conflict, notFound } from "@/server/errors";
import { BUILTIN_LABEL, BUILTIN_MODEL_ID, type ModelSpec, type ProviderName } from "@/server/llm";
import { configProblems, type ModelConfigCreate, type ModelConfigDto, type ModelConfigUpdate } from "../schemas";

/** Binds a stored key to its owner: copied into someone else's row it does not decrypt. */
const keyContext = (userId: string) => `model-config:${userId}`;

export function toConfigDto(c: ModelConfig): ModelConfigDto {
  return {
    id: c.id,
    name: c.name,
    provider: c.provider as ProviderName,
    base_url: c.baseUrl,
    model_name: c.modelName,
    has_key: c.apiKeyEnc !== null,
    temperature: c.temperature,
    max_tokens: c.maxTokens,
    is_default: c.isDefault,
    label: c.provider === "builtin" ? BUILTIN_LABEL : null,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

/** The viewer's config, or 404 (also for someone else's: ids do not leak). */
export async function ownConfig(db: DbTx, userId: string, id: string) {
  const config = await db.modelConfig.findFirst({ where: { id, userId } });
  if (!config) throw notFound("Model config");
  return config;
}

/** What a provider needs to be called, with the key decrypted. */
export function specOf(config: ModelConfig): ModelSpec {
  let apiKey: string | null = null;
  if (config.apiKeyEnc) {
    try {
      apiKey = decryptSecret(config.apiKeyEnc, keyContext(config.userId));
    } catch (error) {
      if (!(error instanceof SecretDecryptionError)) throw error;
      throw new AppError("BAD_REQUEST", `The API key of model config "${config.name}" can no longer be decrypted (was ATRIUM_SECRET changed?). Enter the key again.`);
    }
  }
  return { provider: config.provider as ProviderName, modelName: config.modelName, baseUrl: config.baseUrl, apiKey };
}

export async function listConfigs({ db, viewer }: AuthedContext) {
  const rows = await db.modelConfig.findMany({ where: { userId: viewer.userId }, orderBy: { createdAt: "asc" } });
  return rows.map(toConfigDto);
}

export async function getConfig({ db, viewer }: AuthedContext, id: string) {
  return toConfigDto(await ownConfig(db, viewer.userId, id));
}

export async function createConfig({ db, viewer, ip }: AuthedContext, input: ModelConfigCreate) {
  await requirePermission(db, viewer, "models:create");
  const created = await db.$transaction(async (tx) => {
    if (input.is_default) await tx.modelConfig.updateMany({ where: { userId: viewer.userId, isDefault: true }, data: { isDefault: false } });
    const row = await tx.modelConfig.create({
      data: {
        userId: viewer.userId,
        name: input.name,
        provider: input.provider,
        baseUrl: input.provider === "builtin" ? null : (input.base_url ?? null),
        modelName: input.model_name ?? BUILTIN_MODEL_ID,
        apiKeyEnc: input.api_key ? encryptSecret(input.api_key, keyContext(viewer.userId)) : null,
        temperature: input.temperature ?? null,
        maxTokens: input.max_tokens ?? null,
        isDefault: input.is_default,
      },
    });
    if (input.api_key) await recordAudit(tx, keyAudit("model_key_set", viewer.userId, row, ip));
    return row;
  });
  return toConfigDto(created);
}

/** PUT /model-configs/{id}: only the fields sent change; `api_key: null` removes the key. */
export async function updateConfig({ db, viewer, ip }: AuthedContext, id: string, input: ModelConfigUpdate) {
  await requirePermission(db, viewer, "models:update");
  const updated = await db.$transaction(async (tx) => {
    const current = await ownConfig(tx, viewer.userId, id);
    const provider = input.provider ?? current.provider;
    const merged = {
      provider,
      base_url: provider === "builtin" ? null : input.base_url !== undefined ? input.base_url : current.baseUrl,
      model_name: input.model_name ?? (provider === "builtin" && input.provider ? BUILTIN_MODEL_ID : current.modelName),
    };
    const problems = configProblems(merged);
    if (problems.length) {
      const issues = problems.map((p) => ({ path: p.path, message: p.message }));
      throw new AppError("VALIDATION_ERROR", `Invalid body: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, { issues });
    }
    if (input.is_default) await tx.modelConfig.updateMany({ where: { userId: viewer.userId, isDefault: true, NOT: { id } }, data: { isDefault: false } });
    const row = await tx.modelConfig.update({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        provider: merged.provider,
        baseUrl: merged.base_url,
        modelName: merged.model_name,
        ...(input.api_key !== undefined ? { apiKeyEnc: input.api_key ? encryptSecret(input.api_key, keyContext(viewer.userId)) : null } : {}),
        ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
        ...(input.max_tokens !== undefined ? { maxTokens: input.max_tokens } : {}),
        ...(input.is_default !== undefined ? { isDefault: input.is_default } : {}),
      },
    });
    if (input.api_key !== undefined) await recordAudit(tx, keyAudit(input.api_key ? "model_key_set" : "model_key_removed", viewer.userId, row, ip));
    return row;
  });
  return toConfigDto(updated);
}

/** DELETE /model-configs/{id}: refused while agents use it, so none silently changes model. */
export async function deleteConfig({ db, viewer, ip }: AuthedContext, id: string) {
  await requirePermission(db, viewer, "models:delete");
  await db.$transaction(async (tx) => {
    const config = await ownConfig(tx, viewer.userId, id);
    const users = await tx.agent.findMany({ where: { modelConfigId: id }, select: { name: true }, take: 5 });
    if (users.length) throw conflict(`This model config is used by ${users.map((a) => `"${a.name}"`).join(", ")}: choose another model for them first`);
    await tx.modelConfig.delete({ where: { id } });
    await recordAudit(tx, {
      eventType: "model_config_deleted", actorId: viewer.userId, subjectType: "model_config", subjectId: id, ip,
      details: `Model config "${config.name}" (${config.provider}) deleted${config.apiKeyEnc ? " with its stored key" : ""}`,
      data: { name: config.name, provider: config.provider, had_key: Boolean(config.apiKeyEnc) },
    });
  });
}

/** A provider key set, replaced or removed (never the key itself). */
function keyAudit(eventType: "model_key_set" | "model_key_removed", userId: string, c: ModelConfig, ip: string | undefined) {
  const verb = eventType === "model_key_set" ? "set" : "removed";
  return {
    eventType, actorId: userId, subjectType: "model_config", subjectId: c.id, ip,
    details: `Provider key ${verb} on model config "${c.name}" (${c.provider}/${c.modelName})`,
    data: { name: c.name, provider: c.provider, model: c.modelName },
  };
}

/** The config bare chat and provider-only agents use: the one marked default, if any. */
export function defaultConfig(db: DbTx, userId: string) {
  return db.modelConfig.findFirst({ where: { userId, isDefault: true } });
}
