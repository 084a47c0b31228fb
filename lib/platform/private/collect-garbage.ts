import * as v8 from 'v8';
import * as vm from 'vm';

let collect: (() => void) | undefined;

/**
 * Heap growth (bytes) over what was live after the last collection at which {@link GarbageCollector.maybeCollect}
 * collects: about two clusters' worth of garbage at 1,000 services, so a small organization never pays for a
 * collection, and a large one keeps at most this much garbage between clusters.
 */
export const GARBAGE_LIMIT_BYTES = 256 * 2 ** 20;

/** Collects between units of work when the heap has grown by more than a limit since the last collection. */
export class GarbageCollector {
  private live = process.memoryUsage().heapUsed;

  constructor(private readonly limitBytes = GARBAGE_LIMIT_BYTES) {}

  /** Collects if the heap grew by more than the limit; returns whether it did. */
  public maybeCollect(): boolean {
    if (process.memoryUsage().heapUsed - this.live <= this.limitBytes) return false;
    collectGarbage();
    this.live = process.memoryUsage().heapUsed;
    return true;
  }
}

/**
 * Runs a full garbage collection now. The Kubernetes engine calls it between the clusters of a large organization:
 * a cluster's construct trees, JSON and YAML are garbage once its files are written, but V8 grows the heap rather
 * than collect it (its limit follows the heap it last saw live), so at 1,000 services nine clusters' garbage piled
 * up to 900 MB where one cluster needs 480 (bench/README.md). `global.gc` when node runs with `--expose-gc`;
 * otherwise the same function from a fresh context, with the flag switched on only while that context is made, so
 * nothing else (a worker started later, a test runner's contexts) gets a `gc` global from it.
 */
export function collectGarbage(): void {
  collect ??= exposedGc();
  collect();
}

function exposedGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  // V8's flags belong to the process: when the Kubernetes clusters are shared out over threads, another thread can
  // switch the flag off between this thread's switching it on and making its context. Another try gets it.
  for (let attempt = 0; attempt < 100; attempt++) {
    v8.setFlagsFromString('--expose-gc');
    try {
      const gc = vm.runInNewContext('typeof gc === "function" ? gc : undefined') as (() => void) | undefined;
      if (gc !== undefined) return gc;
    } finally {
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  // Collecting is an optimization of peak memory, never a reason to fail a synth.
  return () => undefined;
}
