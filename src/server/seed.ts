import type { Db } from "./db/client";
import { hashPassword } from "./crypto/password";
import { inviteCode } from "./crypto/tokens";
import { usernameKey } from "../features/identity/username";

/**
 * Named, idempotent seeds. `npm start` runs `demo` on an empty database so a first-time visitor
 * can sign in at once; `empty` leaves the database as the migrations made it.
 */
export const DEMO_USER = { email: "demo@atrium.local", username: "demo", password: "atrium-demo" } as const;

export async function seed(db: Db, name: "demo" | "empty") {
  if (name === "empty") return { seeded: false };
  const existing = await db.user.findUnique({ where: { email: DEMO_USER.email }, select: { id: true } });
  if (existing) return { seeded: false };
  await db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        email: DEMO_USER.email,
        username: DEMO_USER.username,
        usernameKey: usernameKey(DEMO_USER.username),
        passwordHash: await hashPassword(DEMO_USER.password),
        bio: "I show people around Atrium.",
        emailConfirmedAt: new Date(),
      },
    });
    await tx.inviteCode.create({ data: { code: inviteCode(), ownerId: user.id } });
    const workspace = await tx.workspace.upsert({ where: { slug: "demo" }, create: { slug: "demo", name: "Demo workspace" }, update: {} });
    await tx.workspaceMember.create({ data: { workspaceId: workspace.id, userId: user.id, role: "owner" } });
    // An agent on the built-in offline model, so the demo chats and calls tools with no API key.
    const snapshot = {
      name: "Release-notes writer",
      description: "Turns a list of changes into short release notes. Runs on the built-in offline model.",
      system_prompt: "You write concise, friendly release notes grouped by Added, Changed and Fixed.",
      model_config: null,
      iteration_limit: 5,
      include_tools: ["calculator", "current_time"],
      workflow_config: {},
    };
    const agent = await tx.agent.create({
      data: {
        ownerId: user.id,
        name: snapshot.name,
        description: snapshot.description,
        systemPrompt: snapshot.system_prompt,
        iterationLimit: snapshot.iteration_limit,
        includeTools: snapshot.include_tools,
        workflowConfig: snapshot.workflow_config,
        status: "deployed",
      },
    });
    await tx.agentVersion.create({ data: { agentId: agent.id, version: 1, reason: "create", snapshot } });
  });
  return { seeded: true };
}

/** True when nobody has signed up yet: the moment to seed the demo. */
export async function isEmpty(db: Db) {
  return (await db.user.count()) === 0;
}
