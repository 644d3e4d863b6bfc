// What the import framework needs from a register: its columns (for the template and the header match),
// a row validator that returns the row ready to stage (already sealed) or its problems, and the switch-over
// that moves the staged rows into the register chunk by chunk (imports.load.ts).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../db/business-time.js';
import type { Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import type { CipherSuite } from '../personal/index.js';

export interface ImportColumn {
  key: string;
  header: string;
  required?: boolean;
  /** a line for the template's 说明 sheet */
  hint: string;
  example: string;
}

export interface ImportCtx {
  db: Kysely<DB>;
  clock: Clock;
  cipher: CipherSuite;
  timeZone: string;
}

export type RowProblem = { column: string; message: string };
export type RowReport = { row: number; column: string; message: string };
export interface ChunkArgs { jobId: number; after: number; limit: number; user: SessionUser; actor: Actor; at: Date; ctx: ImportCtx }
export type Validated = { ok: true; value: Record<string, unknown>; unique?: string } | { ok: false; problems: RowProblem[] };

export interface RowValidator {
  /** one row's cells by column key → the row to stage, or its problems */
  row(cells: Record<string, string>): Promise<Validated>;
  /** which of these unique keys (from `Validated.unique`) exist in the register already */
  existing(keys: string[]): Promise<Set<string>>;
}

export interface RegisterAdapter {
  register: string;
  name: string;
  columns: ImportColumn[];
  /** a validator for one file: caches (grids…) live as long as the file */
  validator(ctx: ImportCtx, user: SessionUser): RowValidator;
  /** the register checks rows only when writing them (area, duplicates…): a report is completed by a trial load that is undone */
  checksAtSwitch?: boolean;
  /**
   * move one chunk of the job's staged rows (row_no > after, at most `limit`, in row order) into the register,
   * inside the chunk's transaction, every row tagged with the job (invisible until it is done): how many were
   * staged in the chunk and written, the last row number, and the rows the register refused
   */
  loadChunk(trx: Kysely<DB>, c: ChunkArgs): Promise<{ staged: number; inserted: number; last: number; refused: RowReport[] }>;
}
