// The database a SQL bench creates on the server DATABASE_URL names, and a client helper: shared by sql-locks,
// sql-online and sql-real-project.
import pg from 'pg';

/** Runs `fn` with a connected client and always disconnects. */
export async function withClient(connectionString, fn) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The bench's own database `name` on DATABASE_URL's server (exits 2 without DATABASE_URL): its URL, and create() /
 * drop() that start from an empty database and remove it (also when a run left sessions behind).
 */
export function benchDatabase(name) {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error('bench: set DATABASE_URL (a server where the bench may create a database)');
    process.exit(2);
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    base,
    url: url.toString(),
    create: () => withClient(base, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    }),
    drop: () => withClient(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}
