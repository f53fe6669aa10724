// The PostgreSQL schema, created and migrated by the server itself at start-up: every
// process runs `migrate`, under one advisory lock, so two instances starting together
// neither race nor apply a step twice. Steps are append-only; `schema_version` records
// which ones ran.
import type pg from 'pg';

/** The LISTEN/NOTIFY channel on which committed doc updates are announced. */
export const UPDATES_CHANNEL = 'fo_doc_updates';

const MIGRATION_LOCK = 'fundraiser-orders:migrate';

const STEPS: readonly string[] = [
  // 1: the key/value table. COLLATE "C" orders keys by UTF-8 bytes = by code point, which is
  // what the conformance suite asks of every backend (element-wise thanks to KEY_SEP).
  `CREATE TABLE kv (key text COLLATE "C" PRIMARY KEY, data bytea NOT NULL)`,
];

export const SCHEMA_VERSION = STEPS.length;

export async function migrate(client: pg.ClientBase): Promise<number> {
  await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
    const current = rows[0]?.v ?? 0;
    if (current > STEPS.length) throw new Error(`database schema version ${current} is newer than this server (${STEPS.length}); upgrade the server`);
    for (let version = current + 1; version <= STEPS.length; version++) await applyStep(client, version);
    return STEPS.length;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [MIGRATION_LOCK]);
  }
}

async function applyStep(client: pg.ClientBase, version: number): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(STEPS[version - 1]!);
    await client.query('INSERT INTO schema_version (version) VALUES ($1)', [version]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}
