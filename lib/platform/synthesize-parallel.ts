import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { ConstructProblem, ConstructValidationError } from '../../core/validation';
import type { Organization } from '../spec';
import type { WorkerReply, WorkerRequest } from './private/synth-worker';
import { SynthesisEngine, SynthesisResult, SynthesizeOptions, finishSynthesis, planSynthesis, runEngine } from './synthesize';

/** Options of {@link synthesizeInParallel}: those of `synthesize`, and how many threads. */
export interface ParallelSynthesizeOptions extends SynthesizeOptions {
  /**
   * The most engines that run at once (this thread included). 1 runs them one after the other, exactly as
   * `synthesize` does.
   * @default - the cores Node.js may use (`os.availableParallelism()`), at most 3 (one per engine)
   */
  readonly threads?: number;
}

/**
 * {@link synthesize} with the engines on separate threads: AWS, Terraform and Kubernetes are independent once the
 * organization is resolved. This thread runs the first engine (AWS when selected: it is the largest, and aws-cdk-lib's
 * validation engine reports through `process.exitCode`), worker threads run the others, and their progress and
 * errors come back as if from one thread; construct validation errors of several engines are reported together.
 *
 * Runs in one thread when only one engine has work, when `threads` is 1, or when the library runs from TypeScript
 * sources (jest, tsx) where a worker could not load it.
 */
export async function synthesizeInParallel(organization: Organization, options: ParallelSynthesizeOptions = {}): Promise<SynthesisResult> {
  const { threads: requested, ...synthOptions } = options;
  const plan = planSynthesis(organization, synthOptions);
  const threads = Math.min(requested ?? os.availableParallelism(), plan.engines.length);
  const script = path.join(__dirname, 'private', 'synth-worker.js');
  if (threads <= 1 || !fs.existsSync(script)) {
    const result: SynthesisResult = Object.assign({}, ...plan.engines.map((engine) => runEngine(engine, organization, plan, synthOptions)));
    return finishSynthesis(organization, plan, result);
  }

  // This thread takes the first engine; the others are shared out over the worker threads, in order.
  const [own, ...rest] = plan.engines;
  const groups: SynthesisEngine[][] = Array.from({ length: threads - 1 }, () => []);
  rest.forEach((engine, i) => groups[i % groups.length].push(engine));
  const { onProgress, ...cloneable } = synthOptions;
  const workers = groups.map((engines) => runWorker(script, {
    engines,
    organization,
    options: { ...cloneable, outdir: plan.outdir },
    progress: onProgress !== undefined,
  }, onProgress));

  const outcomes: PromiseSettledResult<SynthesisResult>[] = [];
  try {
    outcomes.push({ status: 'fulfilled', value: runEngine(own, organization, plan, synthOptions) });
  } catch (e) {
    outcomes.push({ status: 'rejected', reason: e });
  }
  outcomes.push(...await Promise.allSettled(workers));
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason);
  if (failures.length > 0) {
    // Every broken construct of every engine at once, as one engine reports all of its own.
    if (failures.every((f) => f instanceof ConstructValidationError)) {
      throw new ConstructValidationError(failures.flatMap((f: ConstructValidationError) => f.problems));
    }
    throw failures.find((f) => !(f instanceof ConstructValidationError));
  }
  const all: SynthesisResult = Object.assign({}, ...outcomes.map((o) => (o as PromiseFulfilledResult<SynthesisResult>).value));
  // The same keys, in the same order, as the one-thread synth.
  const merged: SynthesisResult = Object.fromEntries(plan.engines.map((engine) => [RESULT_KEY[engine], all[RESULT_KEY[engine]]]));
  return finishSynthesis(organization, plan, merged);
}

const RESULT_KEY: Record<SynthesisEngine, keyof SynthesisResult> = { aws: 'cloudFormation', terraform: 'terraform', kubernetes: 'kubernetes' };

function runWorker(script: string, request: WorkerRequest, onProgress: SynthesizeOptions['onProgress']): Promise<SynthesisResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: request });
    let settled = false;
    worker.on('message', (reply: WorkerReply) => {
      if (reply.progress) {onProgress?.(reply.progress);} else if (reply.result) {
        settled = true;
        resolve(reply.result);
      } else if (reply.error) {
        settled = true;
        reject(reply.error.problems ? new ConstructValidationError(reply.error.problems as ConstructProblem[]) : rebuild(reply.error));
      }
    });
    worker.on('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`synthesize: the ${request.engines.join(' and ')} worker stopped (exit code ${code}) before it finished`));
    });
  });
}

function rebuild(error: { name: string; message: string; stack?: string }): Error {
  const e = new Error(error.message);
  e.name = error.name;
  if (error.stack) e.stack = error.stack;
  return e;
}
