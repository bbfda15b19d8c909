import { describe, expect, it } from 'vitest';
import { BatchGate } from './batch-gate.js';

/** A piece of work that runs until it is released, noting when it starts. */
function held(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => {
    release = r;
  });
  return {
    work: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    release,
  };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('the batch gate', () => {
  it('runs at most `atOnce` batches together and the rest in the order they came', async () => {
    const gate = new BatchGate(2);
    const log: string[] = [];
    const jobs = ['a', 'b', 'c', 'd'].map((n) => held(log, n));
    const results = jobs.map((j) => gate.run(j.work));
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    expect(gate.queued).toBe(2);
    jobs[1]!.release();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    jobs[0]!.release();
    jobs[2]!.release();
    jobs[3]!.release();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(gate.queued).toBe(0);
  });

  it('frees the slot when a batch fails, so the next one runs', async () => {
    const gate = new BatchGate(1);
    const failing = gate.run(async () => {
      throw new Error('refused');
    });
    const next = gate.run(async () => 'next');
    await expect(failing).rejects.toThrow('refused');
    expect(await next).toBe('next');
  });

  it('lets every batch through with 0', async () => {
    const gate = new BatchGate(0);
    const log: string[] = [];
    const jobs = ['a', 'b', 'c'].map((n) => held(log, n));
    const results = jobs.map((j) => gate.run(j.work));
    await settle();
    expect(log).toEqual(['start a', 'start b', 'start c']);
    for (const j of jobs) j.release();
    await Promise.all(results);
  });
});
