import { copyLine, type Database, queryRows } from '@chanjiao/db';
import { type SQL, sql } from 'drizzle-orm';

/**
 * Rows sent to the database per COPY. Small batches keep the parser's garbage young (a million-row
 * import stays near 250 MB RSS; 10,000-row batches let V8's old space grow to ~580 MB).
 */
const BATCH_ROWS = 2_000;
const PREFIX = 'import_stage_';

/**
 * The staging table of one import job: an UNLOGGED table `import_stage_<job>` the checked rows are
 * copied into as the file streams, so that duplicate keys and clashes with registered data are found
 * by SQL over a million rows without holding them in memory, and rows are written with
 * INSERT … SELECT. Each COPY batch is sent while the next one is being read (the database works in
 * parallel with the parser); `onFlushed` hears of each batch once it is in the table, with its range
 * of row numbers. Dropped when the job ends; `dropOrphans` clears those of a crash.
 */
export class Stage {
  readonly name: string;
  readonly table: SQL;
  private readonly columns: string[];
  private lines: string[] = [];
  /** Rows added so far. */
  rows = 0;
  private inFlight: Promise<void> = Promise.resolve();
  /** The highest row number sent so far, and in the batch being built. */
  private sentUpTo = 0;
  private lastRow = 0;

  constructor(
    private readonly database: Database,
    jobId: string,
    private readonly spec: readonly (readonly [name: string, type: string])[],
    /** The key column, indexed so that each batch finds repeats of earlier rows. */
    private readonly keyColumn: string,
    private readonly onFlushed: (after: number, upTo: number, rows: number) => void = () => {},
  ) {
    if (!/^[0-9a-f-]{36}$/.test(jobId)) throw new Error(`bad job id ${jobId}`);
    this.name = PREFIX + jobId.replace(/-/g, '');
    this.table = sql`${sql.identifier(this.name)}`;
    for (const [name, type] of spec)
      if (!/^[a-z_][a-z0-9_]*$/.test(name) || !/^[a-z0-9_ ()[\]]+$/.test(type))
        throw new Error(`bad staging column ${name} ${type}`);
    this.columns = ['row_number', ...spec.map(([name]) => name)];
  }

  async create(): Promise<void> {
    const columns = this.spec.map(([name, type]) => `"${name}" ${type}`).join(', ');
    await this.database.exec(`create unlogged table "${this.name}" (row_number integer not null, ${columns})`);
    // Ranges are read by row number while rows are still being added; repeats are found by key.
    await this.database.exec(`create index on "${this.name}" (row_number)`);
    await this.database.exec(`create index on "${this.name}" ("${this.keyColumn}", row_number)`);
  }

  /** Queues one row; a full batch is sent once the previous one has been written. */
  async add(rowNumber: number, values: readonly unknown[]): Promise<void> {
    this.lines.push(copyLine([rowNumber, ...values]));
    this.rows++;
    this.lastRow = rowNumber;
    if (this.lines.length >= BATCH_ROWS) await this.send();
  }

  private async send(): Promise<void> {
    const text = this.lines.join('');
    const [after, upTo, rows] = [this.sentUpTo, this.lastRow, this.lines.length];
    this.lines = [];
    this.sentUpTo = upTo;
    await this.inFlight;
    this.inFlight = this.database
      .copyIn(`"${this.name}"`, this.columns, text)
      .then(() => this.onFlushed(after, upTo, rows));
    // Awaited by the next send or by finish; marked handled so that a failure waits for them.
    this.inFlight.catch(() => {});
  }

  /** Sends what is queued and waits for every batch. */
  async finish(): Promise<void> {
    if (this.lines.length > 0) await this.send();
    await this.inFlight;
  }

  /** The staged rows numbered in (after, upTo], as a relation for checks and writes. */
  range(after: number, upTo: number): SQL {
    return sql`(select * from ${this.table} where row_number > ${after} and row_number <= ${upTo})`;
  }

  async drop(): Promise<void> {
    await this.inFlight.catch(() => {});
    await this.database.exec(`drop table if exists "${this.name}"`);
  }

  /** Drops staging tables whose job is not running (left by a stopped process). */
  static async dropOrphans(database: Database, runningJobIds: readonly string[]): Promise<void> {
    const keep = new Set(runningJobIds.map((id) => PREFIX + id.replace(/-/g, '')));
    const rows = await queryRows<{ tablename: string }>(
      database.db,
      sql`select tablename from pg_tables where schemaname = current_schema() and tablename like ${`${PREFIX}%`}`,
    );
    for (const { tablename } of rows)
      if (!keep.has(tablename) && /^import_stage_[0-9a-f]{32}$/.test(tablename))
        await database.exec(`drop table if exists "${tablename}"`);
  }
}
