import { describe, expect, it } from 'vitest';
import { PushQueue, type PushSteps } from './push-queue.js';

interface Push {
  phone: string;
  name: string;
  items: number;
}

/** Steps that log what happens and hold each write until released. */
function recorder(fail: (group: Push[]) => boolean = () => false) {
  const log: string[] = [];
  const writes: { group: Push[]; release: () => void }[] = [];
  const steps: PushSteps<Push, Push, string> = {
    key: (p) => p.phone,
    size: (p) => p.items,
    prepare: async (p) => {
      log.push(`prepare ${p.name}`);
      return p;
    },
    write: (group) =>
      new Promise<void>((resolve, reject) => {
        log.push(`write ${group.map((p) => p.name).join('+')}`);
        writes.push({
          group,
          release: () => (fail(group) ? reject(new Error(`broken ${group.map((p) => p.name)}`)) : resolve()),
        });
      }),
    finish: async (p) => `answer ${p.name}`,
  };
  return { log, writes, steps };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};
const push = (phone: string, name = phone, items = 32): Push => ({ phone, name, items });

describe('the push queue', () => {
  it('writes the pushes that wait together in one transaction, at most `atOnce` transactions at a time', async () => {
    const { log, writes, steps } = recorder();
    const queue = new PushQueue(steps, 1);
    const answers = ['a', 'b', 'c', 'd'].map((p) => queue.run(push(p)));
    await settle();
    // The first came alone; the rest waited for it and go together.
    expect(log).toEqual(['prepare a', 'write a']);
    expect(queue.queued).toBe(3);
    writes[0]!.release();
    await settle();
    expect(log.slice(2)).toEqual(['prepare b', 'prepare c', 'prepare d', 'write b+c+d']);
    writes[1]!.release();
    expect(await Promise.all(answers)).toEqual(['answer a', 'answer b', 'answer c', 'answer d']);
    expect([queue.groups, queue.pushes, queue.queued]).toEqual([2, 4, 0]);
  });

  it('never writes two pushes of one phone together or side by side: a repeat is checked after the first is written', async () => {
    const { log, writes, steps } = recorder();
    const queue = new PushQueue(steps, 2);
    const answers = [push('a', 'a1'), push('a', 'a2'), push('b'), push('a', 'a3')].map((p) => queue.run(p));
    await settle();
    // a1 and b side by side (two slots); a2 and a3 wait for a1.
    expect([...log].sort()).toEqual(['prepare a1', 'prepare b', 'write a1', 'write b']);
    expect(writes.map((w) => w.group[0]!.name)).toEqual(['a1', 'b']);
    writes[1]!.release();
    await settle();
    // b's slot is free, but every waiting push is a's, whose first is still being written.
    expect(log).toHaveLength(4);
    writes[0]!.release();
    await settle();
    expect(log.slice(4)).toEqual(['prepare a2', 'write a2']);
    writes[2]!.release();
    await settle();
    expect(log.slice(6)).toEqual(['prepare a3', 'write a3']);
    writes[3]!.release();
    expect(await Promise.all(answers)).toEqual(['answer a1', 'answer a2', 'answer b', 'answer a3']);
  });

  it('stops a group at the item limit, but writes one larger push alone', async () => {
    const { log, writes, steps } = recorder();
    const queue = new PushQueue(steps, 1, 100);
    const answers = [
      push('x'),
      push('a', 'a', 60),
      push('b', 'b', 30),
      push('c', 'c', 20),
      push('d', 'd', 500),
    ].map((p) => queue.run(p));
    for (let i = 0; i < 4; i++) {
      await settle();
      writes[i]!.release();
    }
    await Promise.all(answers);
    expect(log.filter((l) => l.startsWith('write'))).toEqual(['write x', 'write a+b', 'write c', 'write d']);
  });

  it('writes each push of a failed group again alone, so only the faulty one fails', async () => {
    const { log, writes, steps } = recorder((group) => group.some((p) => p.name === 'bad'));
    const queue = new PushQueue(steps, 1);
    const answers = ['x', 'a', 'bad', 'c'].map((p) => queue.run(push(p)).catch((e: Error) => e.message));
    for (let i = 0; i < 5; i++) {
      await settle();
      writes[i]!.release();
    }
    expect(await Promise.all(answers)).toEqual(['answer x', 'answer a', 'broken bad', 'answer c']);
    expect(log.filter((l) => l.startsWith('write'))).toEqual([
      'write x',
      'write a+bad+c',
      'write a',
      'write bad',
      'write c',
    ]);
    // The queue goes on.
    const after = queue.run(push('d'));
    await settle();
    writes[5]!.release();
    expect(await after).toBe('answer d');
  });

  it('answers a push whose checks fail with their error, and writes the rest', async () => {
    const { writes, steps } = recorder();
    const queue = new PushQueue(
      { ...steps, prepare: async (p) => (p.name === 'b' ? Promise.reject(new Error('no')) : p) },
      1,
    );
    const answers = ['x', 'a', 'b'].map((p) => queue.run(push(p)).catch((e: Error) => e.message));
    await settle();
    writes[0]!.release();
    await settle();
    writes[1]!.release();
    expect(await Promise.all(answers)).toEqual(['answer x', 'answer a', 'no']);
    expect(writes.map((w) => w.group.map((p) => p.name))).toEqual([['x'], ['a']]);
  });

  it('writes every push alone, at once, with 0', async () => {
    const { log, writes, steps } = recorder();
    const queue = new PushQueue(steps, 0);
    const answers = ['a', 'b', 'c'].map((p) => queue.run(push(p)));
    await settle();
    expect(log).toEqual(['prepare a', 'prepare b', 'prepare c', 'write a', 'write b', 'write c']);
    for (const w of writes) w.release();
    expect(await Promise.all(answers)).toHaveLength(3);
  });
});
