import { hotPathSuite } from '../../test/helpers/hot-path-suite.ts';
import { createPgDatabase } from '../../test/helpers/pg.ts';

// PostgreSQL: the same 5 statements; the create's two run in one transaction (BEGIN … COMMIT on one pooled
// connection) because the route read takes the bound agent's row lock (issue 26's limits, counted again in
// the insert, hold across instances).
hotPathSuite({ database: createPgDatabase, transactionStatements: 1 });
