import { parentPort, workerData } from 'worker_threads';
import { ConstructValidationError } from '../../../core/validation';
import type { Organization } from '../../spec';
import { SynthesisEngine, SynthesisProgress, SynthesisResult, SynthesizeOptions, planSynthesis } from '../synthesize';
import { ClusterQueue } from './cluster-queue';
import { runShare } from './synth-share';

/** What `synthesizeInParallel` hands a worker thread: the resolved organization travels as structured data. */
export interface WorkerRequest {
  readonly engines: readonly SynthesisEngine[];
  /** The queue of Kubernetes clusters shared by the threads (`ClusterQueue`), when the clusters are shared out. */
  readonly clusters?: { readonly buffer: SharedArrayBuffer; readonly count: number };
  /** `SynthesisShare.garbageLimitBytes`. */
  readonly garbageLimitBytes?: number;
  readonly organization: Organization;
  readonly options: Omit<SynthesizeOptions, 'onProgress'>;
  /** Whether to send progress events. */
  readonly progress: boolean;
}

/** An error as it crosses to the main thread: construct problems stay data, anything else keeps its message. */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly problems?: readonly unknown[];
}

/**
 * One message from a worker: a progress event, or the end of its share (where it wrote and the failure it stopped on,
 * with its position in the order of a synth on one thread), or an error outside any engine.
 */
export interface WorkerReply {
  readonly progress?: SynthesisProgress;
  readonly result?: SynthesisResult;
  readonly failure?: { readonly position: number; readonly error: WorkerError };
  readonly error?: WorkerError;
}

/** An error in the form that crosses threads. */
export function toWorkerError(e: unknown): WorkerError {
  if (e instanceof ConstructValidationError) return { name: e.name, message: e.message, problems: e.problems };
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}

if (parentPort && workerData) {
  const port = parentPort;
  const request = workerData as WorkerRequest;
  const send = (reply: WorkerReply) => port.postMessage(reply);
  try {
    const plan = planSynthesis(request.organization, request.options);
    const onProgress = request.progress ? (progress: SynthesisProgress) => send({ progress }) : undefined;
    const options: SynthesizeOptions = { ...request.options, onProgress };
    const clusters = request.clusters && ClusterQueue.attach(request.clusters);
    const share = { engines: request.engines, clusters, garbageLimitBytes: request.garbageLimitBytes };
    const { result, failure } = runShare(request.organization, plan, options, share);
    send({ result, failure: failure && { position: failure.position, error: toWorkerError(failure.error) } });
  } catch (e) {
    send({ error: toWorkerError(e) });
  }
}
