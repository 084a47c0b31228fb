import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { ConstructProblem, ConstructValidationError } from '../../core/validation';
import type { Organization } from '../spec';
import { ClusterQueue } from './private/cluster-queue';
import { GARBAGE_LIMIT_BYTES } from './private/collect-garbage';
import { ShareFailure, ShareOutcome, SynthesisShare, positionOf, runShare } from './private/synth-share';
import type { WorkerError, WorkerReply, WorkerRequest } from './private/synth-worker';
import { SynthesisEngine, SynthesisResult, SynthesizeOptions, finishSynthesis, planSynthesis, runEngine } from './synthesize';

/** Options of {@link synthesizeInParallel}: those of `synthesize`, and how many threads. */
export interface ParallelSynthesizeOptions extends SynthesizeOptions {
  /**
   * The most threads that synthesize at once (this thread included). 1 runs the engines one after the other,
   * exactly as `synthesize` does.
   * @default - the cores Node.js may use (`os.availableParallelism()`), at most one per engine unless the
   * Kubernetes clusters are shared out
   */
  readonly threads?: number;
  /**
   * Share the Kubernetes clusters out over every thread, one cluster at a time, instead of running the Kubernetes
   * engine on one thread. Pays for a large organization, where the Kubernetes engine is most of the work; costs a
   * small one the engine's start-up on a second thread.
   * @default - when the organization has at least {@link CLUSTER_SHARING_MIN_WORK} services times clusters
   */
  readonly shareClusters?: boolean;
}

/**
 * Services times Kubernetes clusters from which {@link synthesizeInParallel} shares the clusters out over the threads.
 * The Kubernetes engine's work grows with the services of each cluster; below this, a second thread's start of the
 * engine (0.3-0.4 s of CPU) costs what sharing saves. On 2 cores, per-thread CPU (the wall time of an idle machine):
 * at 13 services x 9 clusters (acme) the longest thread is 1.16 s either way and the process spends 0.3 s more CPU;
 * at 30 x 9, 1.41 -> 1.37 s; at 100 x 9, 2.7 -> 2.0 s; at 1,000 x 9, 17.3 -> 10.2 s (bench/README.md, session 7).
 */
export const CLUSTER_SHARING_MIN_WORK = 600;

/**
 * {@link synthesize} with the engines on separate threads: AWS, Terraform and Kubernetes are independent once the
 * organization is resolved. This thread runs the first engine (AWS when selected: aws-cdk-lib's validation engine
 * reports through `process.exitCode`), worker threads run the others, and their progress and errors come back as if
 * from one thread; construct validation errors of several engines are reported together. A large organization also
 * shares its Kubernetes clusters out over every thread ({@link ParallelSynthesizeOptions.shareClusters}): at 1,000
 * services the Kubernetes engine is most of the synth, and on one thread it would be the whole wall time.
 *
 * Runs in one thread when only one engine has work and there is no cluster to share, when `threads` is 1, or when
 * the library runs from TypeScript sources (jest, tsx) where a worker could not load it.
 */
export async function synthesizeInParallel(organization: Organization, options: ParallelSynthesizeOptions = {}): Promise<SynthesisResult> {
  const { threads: requested, shareClusters, ...synthOptions } = options;
  const plan = planSynthesis(organization, synthOptions);
  const cores = requested ?? os.availableParallelism();
  const sharing = plan.kubernetes.length > 1 && (shareClusters ?? organization.services.length * plan.kubernetes.length >= CLUSTER_SHARING_MIN_WORK);
  const engines = sharing ? plan.engines.filter((engine) => engine !== 'kubernetes') : plan.engines;
  const threads = Math.min(cores, engines.length + (sharing ? plan.kubernetes.length : 0));
  const script = path.join(__dirname, 'private', 'synth-worker.js');
  if (threads <= 1 || !fs.existsSync(script)) {
    const result: SynthesisResult = Object.assign({}, ...plan.engines.map((engine) => runEngine(engine, organization, plan, synthOptions)));
    return finishSynthesis(organization, plan, result);
  }

  // This thread takes the first engine; the others are shared out over the worker threads, in order. With shared
  // clusters, every thread then takes clusters until none is left.
  const [own, ...rest] = engines;
  const groups: SynthesisEngine[][] = Array.from({ length: threads - 1 }, () => []);
  rest.forEach((engine, i) => groups[i % groups.length].push(engine));
  const clusters = sharing ? ClusterQueue.create(plan.kubernetes.length) : undefined;
  // At 1,000 services on 2 threads, each with the whole limit, the peak grew from 707 to 985 MB; with half each, 730.
  const garbageLimitBytes = Math.floor(GARBAGE_LIMIT_BYTES / threads);
  const { onProgress, ...cloneable } = synthOptions;
  const workers = groups.map((group) => runWorker(script, {
    engines: group,
    clusters: clusters && { buffer: clusters.buffer, count: clusters.count },
    garbageLimitBytes,
    organization,
    options: { ...cloneable, outdir: plan.outdir },
    progress: onProgress !== undefined,
  }, onProgress));

  const share: SynthesisShare = { engines: own === undefined ? [] : [own], clusters, garbageLimitBytes };
  const mine = runShare(organization, plan, synthOptions, share);
  // Every worker settles before anything is reported: a failed synth leaves no thread still writing behind it.
  const settled = await Promise.allSettled(workers);
  const broken = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (broken) throw broken.reason;
  const outcomes = [mine, ...settled.map((s) => (s as PromiseFulfilledResult<ShareOutcome>).value)];
  const failures = outcomes.flatMap((o) => o.failure === undefined ? [] : [o.failure]);
  if (failures.length > 0) throw failureOf(failures);
  const all: SynthesisResult = Object.assign({}, ...outcomes.map((o) => o.result));
  // The same keys, in the same order, as the one-thread synth.
  const merged: SynthesisResult = Object.fromEntries(plan.engines.map((engine) => [RESULT_KEY[engine], all[RESULT_KEY[engine]]]));
  return finishSynthesis(organization, plan, merged);
}

const RESULT_KEY: Record<SynthesisEngine, keyof SynthesisResult> = { aws: 'cloudFormation', terraform: 'terraform', kubernetes: 'kubernetes' };

/**
 * The error of a synth whose threads failed: every engine's construct problems at once, as one engine reports all of
 * its own, and of the shared clusters only the first that failed (the one a synth on one thread stops at, so the
 * report does not depend on how the clusters fell to the threads); otherwise the first other error in engine order.
 */
function failureOf(failures: readonly ShareFailure[]): unknown {
  const sorted = [...failures].sort((a, b) => a.position - b.position);
  const firstCluster = sorted.find((f) => f.position >= positionOf('kubernetes'));
  const reported = sorted.filter((f) => f.position < positionOf('kubernetes') || f === firstCluster).map((f) => f.error);
  if (reported.every((f) => f instanceof ConstructValidationError)) {
    return new ConstructValidationError(reported.flatMap((f) => (f as ConstructValidationError).problems));
  }
  return reported.find((f) => !(f instanceof ConstructValidationError));
}

/** Runs a worker's share; resolves with its outcome (failures included), rejects only when the worker itself broke. */
function runWorker(script: string, request: WorkerRequest, onProgress: SynthesizeOptions['onProgress']): Promise<ShareOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: request });
    let settled = false;
    worker.on('message', (reply: WorkerReply) => {
      if (reply.progress) {
        onProgress?.(reply.progress);
      } else if (reply.result) {
        settled = true;
        resolve({ result: reply.result, failure: reply.failure && { position: reply.failure.position, error: rebuild(reply.failure.error) } });
      } else if (reply.error) {
        settled = true;
        resolve({ result: {}, failure: { position: positionOf(request.engines[0] ?? 'kubernetes'), error: rebuild(reply.error) } });
      }
    });
    worker.on('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`synthesize: the ${describe(request)} worker stopped (exit code ${code}) before it finished`));
    });
  });
}

function describe(request: WorkerRequest): string {
  return [...request.engines, ...request.clusters ? ['Kubernetes clusters'] : []].join(' and ');
}

function rebuild(error: WorkerError): Error {
  if (error.problems) return new ConstructValidationError(error.problems as ConstructProblem[]);
  const e = new Error(error.message);
  e.name = error.name;
  if (error.stack) e.stack = error.stack;
  return e;
}
