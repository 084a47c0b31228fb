import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { TeamNamespace } from '../../constructs/k8s/team-namespace';
import type { Cloud, Environment, Organization } from '../spec';
import { chartLabels } from './chart-labels';

/** Properties of an {@link EnvironmentBaselineChart}. */
export interface EnvironmentBaselineChartProps {
  readonly organization: Organization;
  readonly environment: Environment;
  /** The cloud whose cluster this chart is applied to. */
  readonly cloud: Cloud;
}

/**
 * The Kubernetes tenancy baseline of one environment's cluster on one cloud: a namespace per team with quota,
 * container defaults and default-deny networking. Every object carries the mandatory labels.
 */
export class EnvironmentBaselineChart extends Chart {
  public readonly namespaces: readonly TeamNamespace[];

  constructor(scope: Construct, id: string, props: EnvironmentBaselineChartProps) {
    const { organization: org, environment: env, cloud } = props;
    super(scope, id, {
      labels: chartLabels(env, cloud),
    });
    const ns = env.profile.namespace;
    this.namespaces = org.teams.map((team) => new TeamNamespace(this, team.name, {
      name: team.name,
      labels: { ...env.tags, ...team.tags },
      quota: {
        requestsCpu: ns.requestsCpu,
        requestsMemory: ns.requestsMemory,
        limitsCpu: ns.limitsCpu,
        limitsMemory: ns.limitsMemory,
        pods: ns.pods,
        requestsEphemeralStorage: ns.requestsEphemeralStorage,
        limitsEphemeralStorage: ns.limitsEphemeralStorage,
      },
      containerDefaults: {
        cpuRequest: ns.containerCpuRequest,
        memoryRequest: ns.containerMemoryRequest,
        cpuLimit: ns.containerCpuLimit,
        memoryLimit: ns.containerMemoryLimit,
        ephemeralStorageRequest: ns.containerEphemeralStorageRequest,
        ephemeralStorageLimit: ns.containerEphemeralStorageLimit,
      },
    }));
  }
}
