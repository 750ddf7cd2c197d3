import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hotPathSuite } from '../../test/helpers/hot-path-suite.ts';

// SQLite: the whole usual life in 5 statements, no transaction (the one connection is held for the
// create's two). PostgreSQL runs the same suite in hot-path-statements.pg.test.ts.
hotPathSuite({
  database: async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ea-hot-'));
    return { url: `file:${path.join(dir, 'app.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  },
  transactionStatements: 0,
});
