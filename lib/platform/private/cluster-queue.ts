/**
 * The Kubernetes clusters of a synth, handed out one at a time to every thread that asks, through memory the threads
 * share: each thread takes the next cluster when it is free, so the clusters spread over the threads by how long
 * each one actually takes, with no cost model to keep up to date and no message round trip per cluster (the main
 * thread runs its engines synchronously and could not answer one).
 */
export class ClusterQueue {
  /** A new queue over `count` clusters. */
  public static create(count: number): ClusterQueue {
    return new ClusterQueue(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT), count);
  }

  /** The same queue in another thread, from the memory and the count it was created with. */
  public static attach(shared: { readonly buffer: SharedArrayBuffer; readonly count: number }): ClusterQueue {
    return new ClusterQueue(shared.buffer, shared.count);
  }

  private readonly slots: Int32Array;

  private constructor(
    /** The shared memory: hand it to a worker thread (`workerData`) with {@link count}. */
    public readonly buffer: SharedArrayBuffer,
    /** How many clusters the queue hands out. */
    public readonly count: number,
  ) {
    this.slots = new Int32Array(buffer);
  }

  /**
   * The index of the next cluster nobody took yet, or undefined when all are taken or the queue was stopped. Indexes
   * are handed out in increasing order, so every cluster before one that failed was taken before it.
   */
  public take(): number | undefined {
    if (Atomics.load(this.slots, STOPPED) !== 0) return undefined;
    const index = Atomics.add(this.slots, NEXT, 1);
    return index < this.count ? index : undefined;
  }

  /** Hands out nothing more: a cluster failed, and a synth that fails writes no more clusters than it must. */
  public stop(): void {
    Atomics.store(this.slots, STOPPED, 1);
  }
}

const NEXT = 0;
const STOPPED = 1;
const SLOTS = 2;
