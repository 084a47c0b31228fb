import type { Organization } from '../../spec';
import type { SynthesisEngine, SynthesisPlan, SynthesisResult, SynthesizeOptions } from '../synthesize';
import { runEngine } from '../synthesize';
import type { ClusterQueue } from './cluster-queue';
import { GARBAGE_LIMIT_BYTES, GarbageCollector } from './collect-garbage';

/** The part of a synth one thread runs: whole engines, then Kubernetes clusters from a queue shared by the threads. */
export interface SynthesisShare {
  readonly engines: readonly SynthesisEngine[];
  /** Clusters of `plan.kubernetes` to take one at a time once the engines are done. */
  readonly clusters?: ClusterQueue;
  /**
   * Heap growth at which the thread collects garbage between clusters: the threads that build clusters at once
   * share the one limit of a synth on one thread, so their garbage together stays as small.
   * @default GARBAGE_LIMIT_BYTES
   */
  readonly garbageLimitBytes?: number;
}

/** Where a failure sits in the order of the same synth on one thread, so failures of several threads sort as one. */
export interface ShareFailure {
  readonly position: number;
  readonly error: unknown;
}

/** What a thread's share produced: where it wrote, and the failure it stopped on, if any. */
export interface ShareOutcome {
  readonly result: SynthesisResult;
  readonly failure?: ShareFailure;
}

const ENGINE_ORDER: readonly SynthesisEngine[] = ['aws', 'terraform', 'kubernetes'];
/** More clusters than any organization has: a cluster's position is its engine's plus its index. */
const CLUSTERS_PER_ENGINE = 1_000_000;

/** The position of an engine, or of one of its clusters, in the order of a synth on one thread. */
export function positionOf(engine: SynthesisEngine, cluster = 0): number {
  return ENGINE_ORDER.indexOf(engine) * CLUSTERS_PER_ENGINE + cluster;
}

/**
 * Runs a share and stops at its first failure, as the synth on one thread stops at its first failing engine. A
 * cluster that fails stops the queue for every thread: the clusters before it were all taken already (the queue
 * hands them out in order), so the first failing cluster is the one a synth on one thread fails on.
 */
export function runShare(organization: Organization, plan: SynthesisPlan, options: SynthesizeOptions, share: SynthesisShare): ShareOutcome {
  let result: SynthesisResult = {};
  for (const engine of share.engines) {
    try {
      result = { ...result, ...runEngine(engine, organization, plan, options) };
    } catch (error) {
      return { result, failure: { position: positionOf(engine), error } };
    }
  }
  const queue = share.clusters;
  if (queue === undefined) return { result };
  // One cluster per engine call, so this loop (not the engine) decides when a thread's garbage is collected.
  const garbage = new GarbageCollector(share.garbageLimitBytes ?? GARBAGE_LIMIT_BYTES);
  for (let index = queue.take(); index !== undefined; index = queue.take()) {
    garbage.maybeCollect();
    try {
      result = { ...result, ...runEngine('kubernetes', organization, { ...plan, kubernetes: [plan.kubernetes[index]] }, options) };
    } catch (error) {
      queue.stop();
      return { result, failure: { position: positionOf('kubernetes', index), error } };
    }
  }
  return { result };
}
