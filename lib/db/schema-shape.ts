/**
 * The shape of a database schema in provider-neutral terms (tables, columns, keys, indexes), read
 * either from prisma/models.prisma (what we mean) or from a migrated database (what we built).
 * The drift test compares them, so SQLite and PostgreSQL migrations cannot silently mean different things.
 */
export type ColumnShape = { type: string; nullable: boolean; default: string | null };
export type IndexShape = { unique: boolean; columns: string[]; where: string | null };
export type ForeignKeyShape = { columns: string[]; references: string; refColumns: string[]; onDelete: string };
export type TableShape = {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  indexes: Record<string, IndexShape>;
  foreignKeys: ForeignKeyShape[];
};
export type SchemaShape = Record<string, TableShape>;

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Float', 'Decimal', 'Boolean', 'DateTime', 'Json', 'Bytes']);

/** Same spelling for a default however the database prints it: 'x'::text, CURRENT_TIMESTAMP, now(). */
export const normalizeDefault = (v: string | null | undefined): string | null => {
  if (v === null || v === undefined) return null;
  let s = v.trim().replace(/::[a-z ]+(\(\d+\))?$/i, '');
  if (/^(current_timestamp|now\(\))$/i.test(s)) return 'now()';
  if (/^'.*'$/.test(s)) s = `'${s.slice(1, -1).replace(/''/g, "'")}'`;
  return s.toLowerCase() === 'true' || s.toLowerCase() === 'false' ? s.toLowerCase() : s;
};

/** A partial index predicate, without the quoting, brackets and casts ('x'::text) each database adds. */
export const normalizePredicate = (p: string | null | undefined): string | null =>
  p ? p.replace(/::[a-z ]+?(?=\s|\)|$)/gi, '').replace(/["()]/g, '').replace(/\s+/g, ' ').trim().toLowerCase() : null;

const listArg = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Index columns as Prisma names them, with "DESC" kept: `capability(sort: Desc)` → `capability DESC`. */
const indexColumns = (inner: string): string[] =>
  listArg(inner.replace(/\(\s*sort:\s*Desc\s*\)/g, ' DESC').replace(/\(\s*sort:\s*Asc\s*\)/g, ''));

const modelDefault = (attrs: string): string | null => {
  const m = attrs.match(/@default\((.*?)\)(?=\s*(@|$|\/\/))/);
  if (!m) return null;
  const v = m[1]!.trim();
  if (/^(cuid|uuid|nanoid|ulid)\(/.test(v)) return null; // made by the client, not the database
  if (v === 'now()') return 'now()';
  // A Prisma string literal escapes its quotes (\"); the database stores them bare.
  if (/^".*"$/.test(v)) return `'${v.slice(1, -1).replace(/\\(.)/g, '$1')}'`;
  return v;
};

const ON_DELETE: Record<string, string> = { Cascade: 'cascade', SetNull: 'set null', Restrict: 'restrict', NoAction: 'no action', SetDefault: 'set default' };

/** Reads the subset of the Prisma schema language our models use (portable models, no @db.*, no @map; an index's `map:` name is read). */
export const shapeFromModels = (source: string): SchemaShape => {
  const shape: SchemaShape = {};
  const models = [...source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(models.map((m) => m[1]!));
  for (const [, name, body] of models) {
    const t: TableShape = { columns: {}, primaryKey: [], indexes: {}, foreignKeys: [] };
    for (const raw of body!.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      if (!line) continue;
      const block = line.match(/^@@(index|unique|id)\(\[(.*?)\]/);
      if (block) {
        const cols = indexColumns(block[2]!);
        const plain = cols.map((c) => c.replace(/ DESC$/, ''));
        // `map:` names an index whose default name would pass PostgreSQL's 63-character limit.
        const mapped = line.match(/map:\s*"(\w+)"/)?.[1];
        if (block[1] === 'id') t.primaryKey = plain;
        else t.indexes[mapped ?? `${name}_${plain.join('_')}_${block[1] === 'unique' ? 'key' : 'idx'}`] = { unique: block[1] === 'unique', columns: cols, where: null };
        continue;
      }
      const field = line.match(/^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/);
      if (!field) continue;
      const [, fname, type, modifier, attrs] = field;
      if (SCALARS.has(type!)) {
        t.columns[fname!] = { type: type!, nullable: modifier === '?', default: modelDefault(attrs!) };
        if (/@id\b/.test(attrs!)) t.primaryKey = [fname!];
        if (/@unique\b/.test(attrs!)) t.indexes[`${name}_${fname}_key`] = { unique: true, columns: [fname!], where: null };
      } else if (modelNames.has(type!) && /@relation\([^)]*fields:/.test(attrs!)) {
        const fields = listArg(attrs!.match(/fields:\s*\[(.*?)\]/)![1]!);
        const refs = listArg(attrs!.match(/references:\s*\[(.*?)\]/)![1]!);
        const onDelete = attrs!.match(/onDelete:\s*(\w+)/)?.[1] ?? (modifier === '?' ? 'SetNull' : 'Restrict');
        t.foreignKeys.push({ columns: fields, references: type!, refColumns: refs, onDelete: ON_DELETE[onDelete]! });
      }
    }
    shape[name!] = t;
  }
  return shape;
};

/** Sorted copy, so two shapes compare equal whatever order the database listed things in. */
export const canonical = (s: SchemaShape): SchemaShape =>
  Object.fromEntries(
    Object.keys(s)
      .sort()
      .map((table) => {
        const t = s[table]!;
        return [
          table,
          {
            columns: Object.fromEntries(Object.keys(t.columns).sort().map((c) => [c, t.columns[c]!])),
            primaryKey: t.primaryKey,
            indexes: Object.fromEntries(Object.keys(t.indexes).sort().map((i) => [i, t.indexes[i]!])),
            foreignKeys: [...t.foreignKeys].sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
          },
        ];
      }),
  );
