import { createClient } from '@libsql/client';
import pg from 'pg';
import { normalizeDefault, normalizePredicate, type SchemaShape, type TableShape } from './schema-shape.ts';

// Database type names → the model's scalar type, for each provider.
const SQLITE_TYPES: Record<string, string> = { TEXT: 'String', INTEGER: 'Int', BIGINT: 'BigInt', REAL: 'Float', DECIMAL: 'Decimal', BOOLEAN: 'Boolean', DATETIME: 'DateTime', JSONB: 'Json', BLOB: 'Bytes' };
const PG_TYPES: Record<string, string> = { text: 'String', integer: 'Int', bigint: 'BigInt', 'double precision': 'Float', numeric: 'Decimal', boolean: 'Boolean', 'timestamp without time zone': 'DateTime', jsonb: 'Json', bytea: 'Bytes' };

const SKIP_TABLES = new Set(['_prisma_migrations']);

export const introspectSqlite = async (url: string): Promise<SchemaShape> => {
  const c = createClient({ url });
  try {
    const q = async (sql: string) => (await c.execute(sql)).rows as unknown as Record<string, any>[];
    const shape: SchemaShape = {};
    for (const { name } of await q(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)) {
      if (SKIP_TABLES.has(name)) continue;
      const t: TableShape = { columns: {}, primaryKey: [], indexes: {}, foreignKeys: [] };
      const cols = await q(`PRAGMA table_info("${name}")`);
      for (const col of cols) {
        t.columns[col.name] = { type: SQLITE_TYPES[String(col.type).toUpperCase()] ?? `?${col.type}`, nullable: !col.notnull && !col.pk, default: normalizeDefault(col.dflt_value) };
      }
      t.primaryKey = cols.filter((col) => col.pk).sort((a, b) => a.pk - b.pk).map((col) => col.name);
      for (const idx of await q(`PRAGMA index_list("${name}")`)) {
        if (idx.origin === 'pk') continue;
        const keys = (await q(`PRAGMA index_xinfo("${idx.name}")`)).filter((k) => k.key).sort((a, b) => a.seqno - b.seqno);
        const [{ sql }] = await q(`SELECT sql FROM sqlite_master WHERE type='index' AND name='${idx.name}'`);
        t.indexes[idx.name] = {
          unique: Boolean(idx.unique),
          columns: keys.map((k) => (k.desc ? `${k.name} DESC` : k.name)),
          where: normalizePredicate(idx.partial ? String(sql).replace(/^[\s\S]*?\bWHERE\b/i, '') : null),
        };
      }
      const fks = new Map<number, { columns: string[]; references: string; refColumns: string[]; onDelete: string }>();
      for (const fk of await q(`PRAGMA foreign_key_list("${name}")`)) {
        const e = fks.get(fk.id) ?? { columns: [] as string[], references: String(fk.table), refColumns: [] as string[], onDelete: String(fk.on_delete).toLowerCase() };
        e.columns.push(fk.from);
        e.refColumns.push(fk.to);
        fks.set(fk.id, e);
      }
      t.foreignKeys = [...fks.values()];
      shape[name] = t;
    }
    return shape;
  } finally {
    c.close();
  }
};

const PG_ON_DELETE: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

export const introspectPostgres = async (url: string): Promise<SchemaShape> => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (sql: string, args: unknown[] = []) => (await c.query(sql, args)).rows as Record<string, any>[];
    const shape: SchemaShape = {};
    const tables = await q(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
    for (const { name } of tables) {
      if (SKIP_TABLES.has(name)) continue;
      const t: TableShape = { columns: {}, primaryKey: [], indexes: {}, foreignKeys: [] };
      for (const col of await q(`SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`, [name])) {
        t.columns[col.column_name] = { type: PG_TYPES[col.data_type] ?? `?${col.data_type}`, nullable: col.is_nullable === 'YES', default: normalizeDefault(col.column_default) };
      }
      const indexes = await q(
        `SELECT i.relname::text AS name, ix.indisunique AS unique, ix.indisprimary AS primary, pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
                array(SELECT a.attname::text || CASE WHEN (o.opt::int & 1) = 1 THEN ' DESC' ELSE '' END
                        FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                        JOIN unnest(ix.indoption::int2[]) WITH ORDINALITY o(opt, ord) USING (ord)
                        JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                       ORDER BY ord) AS columns
           FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class r ON r.oid = ix.indrelid
           JOIN pg_namespace n ON n.oid = r.relnamespace
          WHERE n.nspname = 'public' AND r.relname = $1`,
        [name],
      );
      for (const idx of indexes) {
        if (idx.primary) t.primaryKey = idx.columns;
        else t.indexes[idx.name] = { unique: idx.unique, columns: idx.columns, where: normalizePredicate(idx.predicate) };
      }
      const fks = await q(
        `SELECT f.relname::text AS references, con.confdeltype::text AS del,
                array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY ord) AS columns,
                array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY ord) AS "refColumns"
           FROM pg_constraint con JOIN pg_class r ON r.oid = con.conrelid JOIN pg_class f ON f.oid = con.confrelid
           JOIN pg_namespace n ON n.oid = r.relnamespace
          WHERE con.contype = 'f' AND n.nspname = 'public' AND r.relname = $1`,
        [name],
      );
      t.foreignKeys = fks.map((fk) => ({ columns: fk.columns, references: fk.references, refColumns: fk.refColumns, onDelete: PG_ON_DELETE[fk.del]! }));
      shape[name] = t;
    }
    return shape;
  } finally {
    await c.end();
  }
};
