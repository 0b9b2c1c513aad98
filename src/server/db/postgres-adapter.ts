import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/**
 * Prisma's Postgres adapter, except for `executeScript` (what the schema engine runs a migration's
 * SQL with): Prisma's splits the script at every `;`, which cuts a string literal or a dollar-quoted
 * function body holding one in pieces ("unterminated quoted string"), so a migration with a trigger
 * function could not be applied to Postgres. Here the script goes to the server whole, as one
 * simple-protocol query (which takes many statements), on a connection of its own.
 */
export class PostgresAdapterFactory extends PrismaPg {
  constructor(private readonly connectionString: string) {
    super({ connectionString, max: 10 });
  }

  override async connect() {
    return withWholeScripts(await super.connect(), this.connectionString);
  }
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

function withWholeScripts(adapter: Adapter, connectionString: string): Adapter {
  const executeScript = async (script: string) => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query(script);
    } finally {
      await client.end();
    }
  };
  return new Proxy(adapter, {
    get(target, key) {
      if (key === "executeScript") return executeScript;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
