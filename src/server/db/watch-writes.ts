import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

/**
 * Wraps a Prisma driver adapter factory so that `onWrite` runs before and after every statement that
 * writes to one of `tables`, and when a transaction that wrote to one ends (commit or rollback).
 * Every query of the client passes through the adapter, so nothing escapes: services, nested writes,
 * cascades started by a DELETE, `$executeRaw`, tests writing rows directly.
 *
 * Used for the credential cache (../auth/credential-cache.ts): a write to users, auth_sessions or
 * api_keys empties it. Reads cost one `startsWith` check.
 */
export function watchWrites<F extends SqlDriverAdapterFactory>(factory: F, tables: string[], onWrite: () => void): F {
  // The table as a whole word, quoted or not ("public"."users", users); `chat_users` is another table.
  const touches = new RegExp(`\\b(${tables.join("|")})\\b`, "i");
  const writes = (query: SqlQuery) => {
    const sql = query.sql.trimStart();
    if (/^(select|show|begin|commit|rollback|savepoint|release|set)\b/i.test(sql.slice(0, 10))) return false;
    return touches.test(sql);
  };

  const watchQueryable = <Q extends Pick<SqlDriverAdapter, "queryRaw" | "executeRaw">>(target: Q, onTouched: () => void) => {
    const watched =
      <R>(run: (query: SqlQuery) => Promise<R>) =>
      async (query: SqlQuery) => {
        if (!writes(query)) return run(query);
        onTouched();
        try {
          return await run(query);
        } finally {
          onWrite();
        }
      };
    return { queryRaw: watched((q) => target.queryRaw(q)), executeRaw: watched((q) => target.executeRaw(q)) };
  };

  const watchTransaction = (tx: Transaction): Transaction => {
    let touched = false;
    const ended = () => {
      if (touched) onWrite();
    };
    return delegate(tx, {
      ...watchQueryable(tx, () => {
        touched = true;
        onWrite();
      }),
      commit: () => tx.commit().finally(ended),
      rollback: () => tx.rollback().finally(ended),
    });
  };

  const watchAdapter = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    delegate(adapter, {
      ...watchQueryable(adapter, onWrite),
      executeScript: async (script: string) => {
        onWrite();
        try {
          return await adapter.executeScript(script);
        } finally {
          onWrite();
        }
      },
      startTransaction: async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) => watchTransaction(await adapter.startTransaction(...args)),
    });

  return delegate(factory, { connect: async () => watchAdapter(await factory.connect()) } as Partial<F>);
}

/** `target` with some methods replaced; every other member is read from (and bound to) the target. */
function delegate<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, key) {
      if (Object.prototype.hasOwnProperty.call(overrides, key)) return overrides[key as keyof T];
      const value = Reflect.get(object, key, object) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
