import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

/**
 * Wraps a Prisma driver adapter factory so that `onWrite(sql)` runs before and after every statement
 * that writes (anything but SELECT, SHOW and transaction control), and again with each of a
 * transaction's writes when it ends (commit or rollback). Every query of the client passes through
 * the adapter, so nothing escapes: services, nested writes, cascades started by a DELETE,
 * `$executeRaw`, tests writing rows directly.
 *
 * Used by the read caches (./read-cache.ts): a write to a table empties the caches read from it.
 * Reads cost one regular-expression test of the statement's first word.
 */
export function watchWrites<F extends SqlDriverAdapterFactory>(factory: F, onWrite: (sql: string) => void): F {
  const writes = (query: SqlQuery) => !/^\s*(select|show|begin|commit|rollback|savepoint|release|set)\b/i.test(query.sql.slice(0, 16));

  const watchQueryable = <Q extends Pick<SqlDriverAdapter, "queryRaw" | "executeRaw">>(target: Q, onTouched: (sql: string) => void) => {
    const watched =
      <R>(run: (query: SqlQuery) => Promise<R>) =>
      async (query: SqlQuery) => {
        if (!writes(query)) return run(query);
        onTouched(query.sql);
        try {
          return await run(query);
        } finally {
          onWrite(query.sql);
        }
      };
    return { queryRaw: watched((q) => target.queryRaw(q)), executeRaw: watched((q) => target.executeRaw(q)) };
  };

  const watchTransaction = (tx: Transaction): Transaction => {
    const written: string[] = [];
    const ended = () => written.forEach(onWrite);
    return delegate(tx, {
      ...watchQueryable(tx, (sql) => {
        written.push(sql);
        onWrite(sql);
      }),
      commit: () => tx.commit().finally(ended),
      rollback: () => tx.rollback().finally(ended),
    });
  };

  const watchAdapter = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    delegate(adapter, {
      ...watchQueryable(adapter, onWrite),
      executeScript: async (script: string) => {
        onWrite(script);
        try {
          return await adapter.executeScript(script);
        } finally {
          onWrite(script);
        }
      },
      startTransaction: async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) => watchTransaction(await adapter.startTransaction(...args)),
    });

  return delegate(factory, { connect: async () => watchAdapter(await factory.connect()) } as Partial<F>);
}

/** `target` with some methods replaced; every other member is read from (and bound to) the target. */
export function delegate<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, key) {
      if (Object.prototype.hasOwnProperty.call(overrides, key)) return overrides[key as keyof T];
      const value = Reflect.get(object, key, object) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
