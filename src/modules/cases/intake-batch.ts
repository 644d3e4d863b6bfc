// Concurrent intakes share one statement: a request joins the queue; a batch takes whatever is waiting (at
// most MAX_SIZE) as ONE data-modifying statement (atomic by itself, so no BEGIN/COMMIT round trips) with
// case ids and numbers reserved from the sequences ahead. Alone, a request is a batch of one; under load the
// batches grow by themselves. While one batch is written the next gathers; a second batch starts beside it
// only once FULL intakes are waiting (so the database's commit of one overlaps the work of the next, and
// batches stay large), at most MAX_RUNNING at once. When a batch fails, each
// of its intakes is written again alone, in its own transaction (writeIntakes), so one bad request cannot
// sink the others. Two intakes with the same Idempotency-Key never share a batch: the second waits on the
// first's key and replays its answer.
import { AppError } from '../../http/errors.js';
import type { CasesCtx } from './cases.core.js';
import { writeIntakes, writeIntakesAtOnce, type IntakeOutcome, type IntakeResult, type PreparedIntake } from './cases.intake.js';
import { reserveCaseIds } from './cases.repo.js';

// measured (docs/PERFORMANCE.md): two at once, the second only when 25 wait, beat one at a time by 10–15%;
// four at once without the threshold made batches of ~5 and cost ~30% more CPU per case
const MAX_RUNNING = Number(process.env.FQ_INTAKE_BATCHES ?? 2);
/** Counters for the benchmark: how many batches, intakes and retried batches this process wrote. */
export const batchStats = { batches: 0, intakes: 0, failedBatches: 0 };
const MAX_SIZE = 100;
const FULL = Number(process.env.FQ_INTAKE_FULL ?? 25);
const RESERVE = 64;

interface Job {
  item: PreparedIntake;
  resolve: (r: IntakeResult) => void;
  reject: (e: unknown) => void;
}

export class IntakeBatcher {
  private queue: Job[] = [];
  private running = 0;
  constructor(private readonly ctx: CasesCtx, private readonly maxRunning = MAX_RUNNING, private readonly maxSize = MAX_SIZE, private readonly full = FULL) {}

  submit(item: PreparedIntake): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.running < this.maxRunning && this.queue.length > 0 && (this.running === 0 || this.queue.length >= this.full)) {
      const batch: Job[] = [];
      const rest: Job[] = [];
      const keys = new Set<string>();
      for (const job of this.queue) {
        const k = job.item.idem ? `${job.item.idem.scope}\u0000${job.item.idem.key}` : undefined;
        if (batch.length >= this.maxSize || (k !== undefined && keys.has(k))) rest.push(job);
        else {
          if (k !== undefined) keys.add(k);
          batch.push(job);
        }
      }
      this.queue = rest;
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(batch: Job[]) {
    let outcomes: IntakeOutcome[] | undefined;
    batchStats.batches++;
    batchStats.intakes += batch.length;
    try {
      outcomes = await this.write(batch.map((j) => j.item));
    } catch {
      batchStats.failedBatches++;
      // written again below, each alone
    }
    if (outcomes) return batch.forEach((j, i) => settle(j, outcomes[i]));
    // the batch failed as a whole: write each intake alone
    await Promise.all(
      batch.map(async (j) => {
        try {
          settle(j, await this.writeAlone(j.item));
        } catch (e) {
          j.reject(e);
        }
      }),
    );
  }

  /** One statement for the batch; an intake that notifies leaders (rare) in its own transaction. */
  private async write(items: PreparedIntake[]): Promise<IntakeOutcome[]> {
    const plain = items.filter((it) => !it.notify);
    const out = new Map<PreparedIntake, IntakeOutcome>();
    if (plain.length) {
      const done = await writeIntakesAtOnce(this.ctx.db, this.ctx, plain, await this.reserve(plain.length));
      plain.forEach((it, i) => out.set(it, done[i]));
    }
    for (const it of items.filter((x) => x.notify)) out.set(it, (await this.writeAlone(it)));
    return items.map((it) => out.get(it)!);
  }

  private async writeAlone(item: PreparedIntake): Promise<IntakeOutcome> {
    return (await this.ctx.db.transaction().execute((trx) => writeIntakes(trx, this.ctx, [item])))[0];
  }

  /** Case ids and numbers reserved from the sequences ahead, so a batch is one round trip. */
  private pool: { id: number; n: number }[] = [];
  private async reserve(k: number) {
    if (this.pool.length < k) this.pool.push(...(await reserveCaseIds(this.ctx.db, Math.max(k, RESERVE))));
    return this.pool.splice(0, k);
  }
}

function settle(j: Job, o: IntakeOutcome) {
  if (o instanceof AppError) j.reject(o);
  else j.resolve(o);
}

const batchers = new WeakMap<CasesCtx, IntakeBatcher>();

/** The batcher of one service context (one per app and database). */
export function intakeBatcher(ctx: CasesCtx): IntakeBatcher {
  let b = batchers.get(ctx);
  if (!b) batchers.set(ctx, (b = new IntakeBatcher(ctx)));
  return b;
}
