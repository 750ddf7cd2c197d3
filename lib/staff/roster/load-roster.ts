import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';

/**
 * Reads the external roster named by ROSTER_SOURCE: a JSON or CSV file path, or an http(s) URL.
 * JSON: an array of rows, or `{ "agents": [...] }`. CSV: a header row naming the fields
 * (employeeId,name,email,languages,skills,active,capacity[,nameZh]); lists separated by ";".
 * Anything unreadable throws with a message that says what was wrong (the job then fails: exit 1).
 */
export type RosterFormat = 'json' | 'csv';

const FETCH_TIMEOUT_MS = 15_000;
const MAX_BYTES = 20 * 1024 * 1024;

const formatOf = (name: string, contentType: string | null, text: string): RosterFormat => {
  if (contentType?.includes('json') || /\.json$/i.test(name)) return 'json';
  if (contentType?.includes('csv') || /\.csv$/i.test(name)) return 'csv';
  return /^\s*[[{]/.test(text) ? 'json' : 'csv';
};

export const parseRoster = (text: string, format: RosterFormat): unknown[] => {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new Error(`The roster is not valid JSON: ${(err as Error).message}`);
    }
    const rows = Array.isArray(data) ? data : (data as { agents?: unknown })?.agents;
    if (!Array.isArray(rows)) throw new Error('The roster JSON must be an array of agents, or an object with an "agents" array.');
    return rows;
  }
  try {
    return parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as unknown[];
  } catch (err) {
    throw new Error(`The roster is not valid CSV: ${(err as Error).message}`);
  }
};

export const loadRoster = async (source: string): Promise<{ rows: unknown[]; format: RosterFormat }> => {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json, text/csv;q=0.9' } });
    } catch (err) {
      throw new Error(`Could not reach the roster at ${source}: ${(err as Error).message}`);
    }
    if (!res.ok) throw new Error(`The roster at ${source} answered HTTP ${res.status}.`);
    const text = await res.text();
    if (text.length > MAX_BYTES) throw new Error('The roster is larger than 20 MB.');
    const format = formatOf(new URL(source).pathname, res.headers.get('content-type'), text);
    return { rows: parseRoster(text, format), format };
  }
  const file = path.resolve(source);
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_BYTES) throw new Error('The roster is larger than 20 MB.');
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`Could not read the roster file ${file}: ${(err as Error).message}`);
  }
  const format = formatOf(file, null, text);
  return { rows: parseRoster(text, format), format };
};
