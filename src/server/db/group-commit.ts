import type { Db, DbTx } from "./client";

export interface GroupCommitOptions<I, O> {
  /** At most this many items share a transaction. */
  maxBatch: number;
  /** Writes the items inside one transaction; resolves with one result per item, in order. */
  write(tx: DbTx, items: I[]): Promise<O[]>;
  /** Runs after the commit with the items and their results (start jobs, publish events); its failure is the callers' too, but the rows stay. */
  afterCommit?(items: I[], results: O[]): Promise<void> | void;
}

/**
 * Group commit: writes that arrive while another group is being committed wait for it and then go
 * together, in one transaction (one BEGIN/COMMIT, multi-row statements), each caller resolved with
 * its own result once that transaction has committed. Alone, a write goes at once (no timer); under
 * load the groups grow by themselves. If a group fails, each of its items is tried alone, so one
 * bad item (a row deleted meanwhile) fails only its own caller.
 */
export function groupCommitter<I, O>(db: () => Db, options: GroupCommitOptions<I, O>) {
  let waiting: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let busy = false;

  const commit = (items: I[]) => db().$transaction((tx) => options.write(tx, items), { maxWait: 10_000, timeout: 15_000 });
  const settle = async (group: typeof waiting, results: O[]) => {
    try {
      await options.afterCommit?.(group.map((g) => g.item), results);
      group.forEach((g, i) => g.resolve(results[i]));
    } catch (error) {
      group.forEach((g) => g.reject(error));
    }
  };

  async function flush() {
    busy = true;
    while (waiting.length) {
      const group = waiting.slice(0, options.maxBatch);
      waiting = waiting.slice(group.length);
      let results: O[];
      try {
        results = await commit(group.map((g) => g.item));
      } catch (error) {
        if (group.length === 1) group[0].reject(error);
        else
          await Promise.all(
            group.map((g) =>
              commit([g.item]).then(
                (alone) => settle([g], alone),
                (alone: unknown) => g.reject(alone),
              ),
            ),
          );
        continue;
      }
      await settle(group, results);
    }
    busy = false;
  }

  return (item: I): Promise<O> =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!busy) void flush();
    });
}
