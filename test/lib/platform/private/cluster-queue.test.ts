import * as fc from 'fast-check';
import { ClusterQueue } from '../../../../lib/platform/private/cluster-queue';

describe('ClusterQueue', () => {
  test('hands out every cluster once, in order, then nothing', () => {
    const queue = ClusterQueue.create(3);
    expect([queue.take(), queue.take(), queue.take(), queue.take(), queue.take()]).toEqual([0, 1, 2, undefined, undefined]);
  });

  test('threads attached to the same memory share one queue: whoever asks gets the next cluster', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 40 }), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 120 }), (count, turns) => {
      // GIVEN four handles on one queue (as the main thread and three workers hold it)
      const first = ClusterQueue.create(count);
      const handles = [first, ...[1, 2, 3].map(() => ClusterQueue.attach({ buffer: first.buffer, count }))];
      // WHEN they take in any interleaving, then each drains what is left
      const taken: number[] = [];
      for (const turn of turns) {
        const index = handles[turn].take();
        if (index !== undefined) taken.push(index);
      }
      for (const handle of handles) for (let i = handle.take(); i !== undefined; i = handle.take()) taken.push(i);
      // THEN every cluster went to exactly one of them, in increasing order overall
      expect(taken).toEqual(Array.from({ length: count }, (_, i) => i));
    }));
  });

  test('once stopped, hands out nothing more, to any thread', () => {
    const queue = ClusterQueue.create(5);
    const other = ClusterQueue.attach({ buffer: queue.buffer, count: 5 });
    expect(queue.take()).toBe(0);
    other.stop();
    expect(queue.take()).toBeUndefined();
    expect(other.take()).toBeUndefined();
  });
});
