/**
 * Phones' pushes wait here for the database and are written a few groups at a time, each group of
 * the pushes that arrived together in one transaction.
 *
 * Why: when outreach workers come back into coverage in the evening, hundreds of phones push at
 * once. Written one by one, each push paid its own commit for a few dozen items, and every console
 * write queued behind all of them. Behind the queue a console write waits for at most `atOnce`
 * groups, and a group of pushes costs little more than one: their contacts go in one insert, as an
 * import's do, and commit once.
 *
 * A phone's pushes never share a group, nor run beside each other: a batch sent again because its
 * answer was lost is then checked after the first is written, and answered as duplicates.
 */

export interface PushSteps<I, P, R> {
  /** Which phone sent it. */
  key(input: I): string;
  /** How many items it holds (a group stops at `maxItems`, unless one push alone is larger). */
  size(input: I): number;
  /** Checks a push before it is written (reads only). */
  prepare(input: I): Promise<P>;
  /** Writes prepared pushes in one transaction. */
  write(group: P[]): Promise<void>;
  /** Whatever follows the write for one push; its answer. */
  finish(prepared: P): Promise<R>;
}

interface Waiting<I, R> {
  input: I;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class PushQueue<I, P, R> {
  private running = 0;
  private readonly waiting: Waiting<I, R>[] = [];
  /** Phones with a push being written. */
  private readonly busy = new Set<string>();
  /** Transactions written, and pushes in them (for tests and diagnostics). */
  groups = 0;
  pushes = 0;

  /** `atOnce` 0 writes every push alone as it comes (no queue). */
  constructor(
    private readonly steps: PushSteps<I, P, R>,
    private readonly atOnce: number,
    private readonly maxItems = 256,
    private readonly maxPushes = 32,
  ) {}

  run(input: I): Promise<R> {
    if (this.atOnce <= 0) return this.alone(input);
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.next();
    });
  }

  /** Pushes waiting for their turn (for the health endpoint and tests). */
  get queued(): number {
    return this.waiting.length;
  }

  private async alone(input: I): Promise<R> {
    const prepared = await this.steps.prepare(input);
    await this.steps.write([prepared]);
    this.groups++;
    this.pushes++;
    return this.steps.finish(prepared);
  }

  private next(): void {
    while (this.running < this.atOnce) {
      const group = this.take();
      if (group.length === 0) return;
      this.running++;
      void this.write(group).finally(() => {
        this.running--;
        this.next();
      });
    }
  }

  /** The oldest waiting pushes, one per phone not already being written, up to the limits. */
  private take(): Waiting<I, R>[] {
    const group: Waiting<I, R>[] = [];
    let items = 0;
    for (let i = 0; i < this.waiting.length && group.length < this.maxPushes; ) {
      const w = this.waiting[i]!;
      const key = this.steps.key(w.input);
      const size = this.steps.size(w.input);
      if (this.busy.has(key) || (group.length > 0 && items + size > this.maxItems)) {
        i++;
        continue;
      }
      this.busy.add(key);
      items += size;
      group.push(w);
      this.waiting.splice(i, 1);
    }
    return group;
  }

  private async write(group: Waiting<I, R>[]): Promise<void> {
    const ready: { w: Waiting<I, R>; prepared: P }[] = [];
    try {
      for (const w of group) {
        await turn();
        try {
          ready.push({ w, prepared: await this.steps.prepare(w.input) });
        } catch (e) {
          w.reject(e);
        }
      }
      await turn();
      const written = await this.writeGroup(ready);
      for (const { w, prepared } of written) {
        try {
          w.resolve(await this.steps.finish(prepared));
        } catch (e) {
          w.reject(e);
        }
      }
    } finally {
      for (const w of group) this.busy.delete(this.steps.key(w.input));
    }
  }

  /**
   * One transaction for the group; if it fails, each push again alone, so that one push's fault
   * (a bug, a broken row) costs only its own answer. Answers the pushes that were written.
   */
  private async writeGroup(ready: { w: Waiting<I, R>; prepared: P }[]): Promise<typeof ready> {
    if (ready.length === 0) return [];
    try {
      await this.steps.write(ready.map((r) => r.prepared));
      this.groups++;
      this.pushes += ready.length;
      return ready;
    } catch (e) {
      if (ready.length === 1) {
        ready[0]!.w.reject(e);
        return [];
      }
    }
    const written: typeof ready = [];
    for (const r of ready) {
      try {
        // Prepared again: the failed transaction may have left answers in what was prepared.
        const prepared = await this.steps.prepare(r.w.input);
        await this.steps.write([prepared]);
        this.groups++;
        this.pushes++;
        written.push({ w: r.w, prepared });
      } catch (e) {
        r.w.reject(e);
      }
    }
    return written;
  }
}

/**
 * Lets the event loop take a turn. A group's checks and transaction run as one chain of promise
 * callbacks that never waits for I/O (SQLite answers at once), and while it runs the server neither
 * accepts connections nor reads requests: under a storm the listen queue filled and phones' connection
 * attempts were dropped and retried seconds later.
 */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
