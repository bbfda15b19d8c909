/**
 * Lets a few phones' batches apply at once and queues the rest, first come first served.
 *
 * Why: a batch is many small transactions on the database's one writer (SQLite) or its small pool
 * (PostgreSQL). When hundreds of phones sync together, every console write queued behind all their
 * transactions; behind the gate it waits for at most a few batches' transactions, while the phones
 * wait at the gate about as long as they waited for the database before.
 */
export class BatchGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** `atOnce` 0 lets every batch through (no gate). */
  constructor(private readonly atOnce: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.atOnce > 0 && this.running >= this.atOnce)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next batch in line, so a newcomer cannot overtake it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Batches waiting for a slot (for the health endpoint and tests). */
  get queued(): number {
    return this.waiting.length;
  }
}
