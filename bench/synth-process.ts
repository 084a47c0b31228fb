/* eslint-disable @typescript-eslint/no-require-imports */
import type { OrganizationSpec } from '../lib/spec';

/**
 * One benchmark measurement in a fresh process: `node synth-process.js <mode> [--size N] [--outdir D] [--cloud C]...
 * [--validate] [--threads N] [--shareClusters on|off] [--result FILE]`. `bench/run.ts` starts it; it is not meant for people.
 *
 * Modes:
 * - `noop`: nothing, the floor of the runtime itself (node, or node plus tsx).
 * - `load`: only loads the modules synth needs (the spec and the three engines' platform entry points).
 * - `synth`: generates the organization and synthesizes everything, as `npm run synth` does.
 * - `reference`: synthesizes the plain aws-cdk-lib reference app for the same organization.
 * - `check`: synthesizes into memory and runs what exists of the policy and parity engines.
 *
 * Modules are required inside the modes, not imported at the top, so `startupMs` is the runtime's own start-up
 * and every module load after it belongs to the measurement.
 */

/** What the child reports; times in milliseconds since the process started, memory in MB. */
export interface ProcessResult {
  readonly mode: string;
  readonly size?: number;
  /** From process start to the first line of this script: node bootstrap plus any loader (tsx). */
  readonly startupMs: number;
  /** From process start to the end of the measured work. */
  readonly endMs: number;
  /** CPU time of the whole process (all threads), user and system. */
  readonly userMs: number;
  readonly systemMs: number;
  /** Peak resident set size of the process. */
  readonly maxRssMB: number;
  /** Phases inside the work, e.g. `engines`, `policy`. */
  readonly phases: Readonly<Record<string, number>>;
  /** Free-form notes, e.g. which parts of `check` existed. */
  readonly notes: readonly string[];
}

const startupMs = performance.now();

async function main(): Promise<void> {
  const { parseArgs } = require('util') as typeof import('util');
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      size: { type: 'string', default: '100' },
      // An example organization instead of a generated one (examples/<name>/org.ts), e.g. `enterprise`.
      example: { type: 'string' },
      outdir: { type: 'string' },
      cloud: { type: 'string', multiple: true },
      validate: { type: 'boolean', default: false },
      threads: { type: 'string' },
      // Whether the Kubernetes clusters are shared out over the threads (default: by organization size).
      shareClusters: { type: 'string' },
      result: { type: 'string' },
    },
  });
  const mode = positionals[0] ?? 'synth';
  const size = Number(values.size);
  const phases: Record<string, number> = {};
  const notes: string[] = [];
  const mark = (name: string, since: number) => { phases[name] = round(performance.now() - since); };

  switch (mode) {
    case 'noop':
      break;
    case 'load': {
      const t = performance.now();
      require('../lib/spec');
      require('../lib/platform/synth-aws');
      require('../lib/platform/synth-terraform');
      require('../lib/platform/synth-kubernetes');
      mark('load', t);
      break;
    }
    case 'synth': {
      const { defineOrganization } = require('../lib/spec') as typeof import('../lib/spec');
      const { synthesizeInParallel } = require('../lib/platform/synthesize-parallel') as typeof import('../lib/platform/synthesize-parallel');
      const t = performance.now();
      const org = defineOrganization(values.example ? example(values.example) : spec(size));
      mark('spec', t);
      const s = performance.now();
      // As `baseline synth` runs it: the engines on threads of their own unless --threads 1.
      await synthesizeInParallel(org, {
        outdir: required(values.outdir, '--outdir'),
        clouds: values.cloud as any,
        cloudFormationValidation: values.validate,
        threads: values.threads === undefined ? undefined : Number(values.threads),
        shareClusters: values.shareClusters === undefined ? undefined : onOff(values.shareClusters, '--shareClusters'),
      });
      mark('synthesize', s);
      break;
    }
    case 'reference': {
      const t = performance.now();
      const { App } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
      const { buildReferenceApp } = require('./reference/app') as typeof import('./reference/app');
      mark('load', t);
      const s = performance.now();
      // Under `<outdir>/cdk.out`, like our synth, so output sizes compare folder to folder.
      // Like for like: aws-cdk-lib's CloudFormation validation (on by default, about 70% of the reference's synth) is
      // off unless --validate, exactly as in our synth.
      const app = new App({
        outdir: require('path').join(required(values.outdir, '--outdir'), 'cdk.out'),
        analyticsReporting: false,
        builtinCloudFormationValidation: values.validate,
      });
      buildReferenceApp(app, spec(size));
      app.synth();
      mark('synthesize', s);
      break;
    }
    case 'check': {
      const { runCheck } = require('./check') as typeof import('./check');
      const report = await runCheck(values.example ? example(values.example) : spec(size));
      Object.assign(phases, report.phases);
      notes.push(...report.notes);
      break;
    }
    default:
      throw new Error(`synth-process: mode "${mode}" is unknown (expected noop, load, synth, reference or check)`);
  }

  const endMs = performance.now();
  // The process's CPU time and peak RSS include its worker threads (one process, one address space).
  const usage = process.resourceUsage();
  const result: ProcessResult = {
    mode,
    ...(mode === 'noop' || mode === 'load' ? {} : { size: values.example ? 120 : size }),
    startupMs: round(startupMs),
    endMs: round(endMs),
    userMs: round(usage.userCPUTime / 1000),
    systemMs: round(usage.systemCPUTime / 1000),
    // resourceUsage().maxRSS is in kilobytes.
    maxRssMB: round(usage.maxRSS / 1024),
    phases,
    notes,
  };
  const text = JSON.stringify(result);
  if (values.result) require('fs').writeFileSync(values.result, text);
  else console.log(text);
}

function example(name: string): OrganizationSpec {
  if (name !== 'enterprise') throw new Error(`synth-process: --example "${name}" is unknown (expected enterprise)`);
  return (require('../examples/enterprise/org') as typeof import('../examples/enterprise/org')).enterprise;
}

function spec(size: number): OrganizationSpec {
  const { generateOrganization } = require('./generate-organization') as typeof import('./generate-organization');
  return generateOrganization(size);
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`synth-process: ${flag} is required for this mode`);
  return value;
}

function onOff(value: string, flag: string): boolean {
  if (value !== 'on' && value !== 'off') throw new Error(`synth-process: ${flag} "${value}" is not on or off`);
  return value === 'on';
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exitCode = 1;
});
