import { MessagePort, parentPort, workerData } from 'worker_threads';
import type { CloudFormationValidatePlugin, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';

/** What the validation thread is given when it starts: where to answer, and how to wake the waiting thread. */
export interface ValidationWorkerData {
  readonly port: MessagePort;
  /** One Int32: the thread sets it to 1 and notifies once the answer is on `port`. */
  readonly signal: SharedArrayBuffer;
}

/** The stacks to validate: aws-cdk-lib's validation context without the construct tree (the engine reads templates). */
export interface ValidationRequest {
  readonly stackTemplates: IPolicyValidationContext['stackTemplates'];
  readonly templatePaths: readonly string[];
  readonly accountId?: string;
  readonly region?: string;
}

/** The engine's report, or the error it stopped on, with the engine's version either way. */
export interface ValidationAnswer {
  readonly version?: string;
  readonly report?: PolicyValidationPluginReport;
  readonly error?: { readonly message: string };
}

/*
 * The CloudFormation validation engine on a thread of its own (see `ThreadedCloudFormationValidation`). It loads the
 * engine and builds its schema and rule caches while the app is still being built, then runs aws-cdk-lib's own
 * plugin over the templates, so the report is the one the plugin gives on the main thread.
 */
if (parentPort && workerData) {
  const { port, signal } = workerData as ValidationWorkerData;
  const flag = new Int32Array(signal);
  const answer = (a: ValidationAnswer) => {
    port.postMessage(a);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  const load = (): CloudFormationValidatePlugin => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CloudFormationValidatePlugin: Plugin } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
    return new Plugin();
  };
  let plugin: CloudFormationValidatePlugin | undefined;
  try {
    plugin = load();
    // The first engine compiles the bundled schemas and rules (1.6 s CPU); the engine the real validation builds
    // for its resource types reuses them and costs a tenth of that.
    plugin.validate({ stackTemplates: [], templatePaths: [] } as unknown as IPolicyValidationContext);
  } catch {
    // Warming up is only an optimization: the request below reports whatever fails for real.
  }
  parentPort.once('message', (request: ValidationRequest) => {
    let version: string | undefined;
    try {
      plugin ??= load();
      version = plugin.version;
      answer({ version, report: plugin.validate(request as unknown as IPolicyValidationContext) });
    } catch (e) {
      answer({ version, error: { message: e instanceof Error ? e.message : String(e) } });
    }
  });
}
