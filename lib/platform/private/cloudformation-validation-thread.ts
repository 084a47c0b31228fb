import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'worker_threads';
import { CloudFormationValidatePlugin, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import type { ValidationAnswer, ValidationRequest, ValidationWorkerData } from './cloudformation-validation-worker';

/** How long `validate` waits for the engine's thread before it gives up (the engine takes seconds, not minutes). */
const ANSWER_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * aws-cdk-lib's CloudFormation validation plugin, run on a worker thread: the same plugin, the same report.
 *
 * The engine is a WebAssembly module that compiles its bundled schemas and rules when first built (1.6 s CPU) and
 * then validates every template (2.3 s for the 19 stacks of 100 services), all on the thread that synthesizes the
 * AWS app, after cdk-nag, while the Kubernetes and Terraform engines on the other thread may long be done. Here the
 * thread starts with the AWS synth and builds the engine while the app is built; {@link start} hands it the
 * templates as soon as they are written (the first validation plugin calls it), so it validates while cdk-nag's
 * packs run; {@link validate}, called by aws-cdk-lib in the plugin's place, waits for its report.
 *
 * Where no compiled worker script exists (the library running from TypeScript sources, in jest or tsx), the plugin
 * runs on this thread, as aws-cdk-lib runs it.
 */
export class ThreadedCloudFormationValidation implements IPolicyValidationPlugin {
  public readonly name = CloudFormationValidatePlugin.PLUGIN_NAME;
  private readonly thread?: { readonly worker: Worker; readonly port: MessagePort; readonly signal: Int32Array };
  private readonly inProcess?: CloudFormationValidatePlugin;
  private started = false;
  private disposed = false;
  private engineVersion?: string;

  constructor() {
    const script = path.join(__dirname, 'cloudformation-validation-worker.js');
    if (!fs.existsSync(script)) {
      this.inProcess = new CloudFormationValidatePlugin();
      return;
    }
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const data: ValidationWorkerData = { port: port2, signal };
    const worker = new Worker(script, { workerData: data, transferList: [port2] });
    // Never what keeps the process alive: `validate` ends it, and a synth that fails before validating exits anyway.
    worker.unref();
    this.thread = { worker, port: port1, signal: new Int32Array(signal) };
  }

  /** The engine's version, as aws-cdk-lib's plugin reports it. */
  public get version(): string | undefined {
    if (this.inProcess) return this.inProcess.version;
    // Known once the thread answered; aws-cdk-lib reads it after `validate` only.
    this.engineVersion ??= new CloudFormationValidatePlugin().version;
    return this.engineVersion;
  }

  public get ruleIds(): string[] | undefined {
    return this.inProcess ? this.inProcess.ruleIds : [this.version!];
  }

  /** Hands the templates to the engine's thread; `validate` then only waits. Called once the templates are written. */
  public start(context: IPolicyValidationContext): void {
    if (!this.thread || this.started) return;
    this.started = true;
    const request: ValidationRequest = {
      stackTemplates: context.stackTemplates.map((s) => ({ ...s })),
      templatePaths: [...context.templatePaths],
      accountId: context.accountId,
      region: context.region,
    };
    this.thread.worker.postMessage(request);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    if (this.inProcess) return this.inProcess.validate(context);
    const thread = this.thread!;
    this.start(context);
    try {
      if (Atomics.wait(thread.signal, 0, 0, ANSWER_TIMEOUT_MS) === 'timed-out') {
        throw new Error(`the validation engine's thread did not answer within ${ANSWER_TIMEOUT_MS / 60_000} minutes`);
      }
      const answer = receiveMessageOnPort(thread.port)?.message as ValidationAnswer | undefined;
      if (answer?.version !== undefined) this.engineVersion = answer.version;
      if (!answer?.report) throw new Error(answer?.error?.message ?? 'the validation engine\'s thread stopped without a report');
      return answer.report;
    } finally {
      this.dispose();
    }
  }

  /** Ends the engine's thread (when the synth stopped before validating, or after it answered). */
  public dispose(): void {
    if (!this.thread || this.disposed) return;
    this.disposed = true;
    this.thread.port.close();
    void this.thread.worker.terminate();
  }
}
