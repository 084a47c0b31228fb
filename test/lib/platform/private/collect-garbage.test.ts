import * as vm from 'vm';
import { Worker } from 'worker_threads';
import { collectGarbage, GarbageCollector } from '../../../../lib/platform/private/collect-garbage';

/** About `mb` megabytes of objects, all live until this returns and garbage after (as a cluster's charts are). */
function makeGarbage(mb: number): number {
  const held: number[][] = [];
  for (let i = 0; i < mb; i++) held.push(new Array(128 * 1024).fill(i + 0.5));
  return held.length;
}

describe('GarbageCollector', () => {
  test('collects once the heap grew past its limit, and frees the garbage', () => {
    // GIVEN a collector with a 16 MB limit, and 64 MB of garbage made after it
    const collector = new GarbageCollector(16 * 2 ** 20);
    makeGarbage(64);
    const before = process.memoryUsage().heapUsed;
    // WHEN / THEN
    expect(collector.maybeCollect()).toBe(true);
    expect(process.memoryUsage().heapUsed).toBeLessThan(before - 32 * 2 ** 20);
  });

  test('does nothing while the heap stays under its limit', () => {
    const collector = new GarbageCollector(1024 * 2 ** 20);
    makeGarbage(8);
    expect(collector.maybeCollect()).toBe(false);
  });
});

describe('collectGarbage', () => {
  test('leaves no gc global behind: not here, not in new contexts, not in workers started later', async () => {
    collectGarbage();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    expect(vm.runInNewContext('typeof gc')).toBe('undefined');
    const inWorker = await new Promise((resolve, reject) => {
      const worker = new Worker('require("worker_threads").parentPort.postMessage(typeof gc)', { eval: true });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(inWorker).toBe('undefined');
  });
});
