import { parentPort, workerData } from 'worker_threads';
import { ConstructValidationError } from '../../../core/validation';
import type { Organization } from '../../spec';
import { SynthesisEngine, SynthesisProgress, SynthesisResult, SynthesizeOptions, planSynthesis, runEngine } from '../synthesize';

/** What `synthesizeInParallel` hands a worker thread: the resolved organization travels as structured data. */
export interface WorkerRequest {
  readonly engines: readonly SynthesisEngine[];
  readonly organization: Organization;
  readonly options: Omit<SynthesizeOptions, 'onProgress'>;
  /** Whether to send progress events. */
  readonly progress: boolean;
}

/** One message from a worker: a progress event, the result, or the error it stopped on. */
export interface WorkerReply {
  readonly progress?: SynthesisProgress;
  readonly result?: SynthesisResult;
  readonly error?: { readonly name: string; readonly message: string; readonly stack?: string; readonly problems?: readonly unknown[] };
}

if (parentPort && workerData) {
  const port = parentPort;
  const request = workerData as WorkerRequest;
  const send = (reply: WorkerReply) => port.postMessage(reply);
  try {
    const plan = planSynthesis(request.organization, request.options);
    const onProgress = request.progress ? (progress: SynthesisProgress) => send({ progress }) : undefined;
    const options: SynthesizeOptions = { ...request.options, onProgress };
    const result: SynthesisResult = Object.assign({}, ...request.engines.map((engine) => runEngine(engine, request.organization, plan, options)));
    send({ result });
  } catch (e) {
    if (e instanceof ConstructValidationError) send({ error: { name: e.name, message: e.message, problems: e.problems } });
    else if (e instanceof Error) send({ error: { name: e.name, message: e.message, stack: e.stack } });
    else send({ error: { name: 'Error', message: String(e) } });
  }
}
