// Concurrent intakes share transactions: a request joins the queue; up to MAX_RUNNING batches are written at
// once, each taking whatever is waiting (at most MAX_SIZE) in one transaction with one statement per table.
// Alone, a request is a batch of one; under load the batches grow by themselves. When a batch fails, each
// of its intakes is written again alone, so one bad request cannot sink the others. Two intakes with the
// same Idempotency-Key never share a batch: the second waits on the first's key and replays its answer.
import { AppError } from '../../http/errors.js';
import type { CasesCtx } from './cases.core.js';
import { writeIntakes, type IntakeOutcome, type IntakeResult, type PreparedIntake } from './cases.intake.js';

const MAX_RUNNING = 4;
const MAX_SIZE = 100;

interface Job {
  item: PreparedIntake;
  resolve: (r: IntakeResult) => void;
  reject: (e: unknown) => void;
}

export class IntakeBatcher {
  private queue: Job[] = [];
  private running = 0;
  constructor(private readonly ctx: CasesCtx, private readonly maxRunning = MAX_RUNNING, private readonly maxSize = MAX_SIZE) {}

  submit(item: PreparedIntake): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.running < this.maxRunning && this.queue.length > 0) {
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
    try {
      outcomes = await this.write(batch.map((j) => j.item));
    } catch (e) {
      if (batch.length === 1) return batch[0].reject(e);
    }
    if (outcomes) return batch.forEach((j, i) => settle(j, outcomes[i]));
    // the batch failed as a whole: write each intake alone
    await Promise.all(
      batch.map(async (j) => {
        try {
          settle(j, (await this.write([j.item]))[0]);
        } catch (e) {
          j.reject(e);
        }
      }),
    );
  }

  private write(items: PreparedIntake[]) {
    return this.ctx.db.transaction().execute((trx) => writeIntakes(trx, this.ctx, items));
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
