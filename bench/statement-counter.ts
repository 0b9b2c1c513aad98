import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { delegate as proxy } from "../src/server/db/watch-writes";

/**
 * Counts the statements a Prisma driver adapter sends, by their opening words (a transaction's
 * BEGIN/COMMIT included), so a bench can print round trips per unit of work next to its times.
 */
export function countStatements<F extends SqlDriverAdapterFactory>(factory: F) {
  const counts = new Map<string, number>();
  const note = (sql: string) => {
    const key = sql.replace(/\s+/g, " ").trim().slice(0, 70);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const wrapQueryable = <Q extends Pick<SqlDriverAdapter, "queryRaw" | "executeRaw">>(target: Q) => ({
    queryRaw: (q: Parameters<Q["queryRaw"]>[0]) => (note(q.sql), target.queryRaw(q)),
    executeRaw: (q: Parameters<Q["executeRaw"]>[0]) => (note(q.sql), target.executeRaw(q)),
  });
  const wrapTx = (tx: Transaction): Transaction =>
    proxy(tx, { ...wrapQueryable(tx), commit: () => (note("COMMIT"), tx.commit()), rollback: () => (note("ROLLBACK"), tx.rollback()) });
  const wrapAdapter = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    proxy(adapter, {
      ...wrapQueryable(adapter),
      startTransaction: async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) => (note("BEGIN"), wrapTx(await adapter.startTransaction(...args))),
    });
  const wrapped = proxy(factory, { connect: async () => wrapAdapter(await factory.connect()) } as Partial<F>);
  return {
    factory: wrapped,
    /** The counts since the last call, most frequent first. */
    take() {
      const out = [...counts].sort((a, b) => b[1] - a[1]);
      counts.clear();
      return out;
    },
  };
}
