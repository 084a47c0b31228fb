import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdk8s';
import { DEFAULT_KUBERNETES_VERSION } from '../../../constructs/aws/private/eks-versions';
import { acme } from '../../../examples/acme/org';
import {
  ADDON_CATALOG, addonCatalogProblems, addonsFor, CLUSTER_AUTOSCALER_ADDON, CLUSTER_AUTOSCALING, METRICS_SERVER_ADDON, policyExcludedNamespaces,
} from '../../../lib/addons';
import { EnvironmentAddonsChart } from '../../../lib/platform/addons-chart';
import { EnvironmentAwsStack } from '../../../lib/platform/aws-stack';
import { CLOUDS, defineOrganization, type Cloud } from '../../../lib/spec';

const org = defineOrganization(acme);
const REGISTRY = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/';

function applications(envName: string, cloud: Cloud): any[] {
  const env = org.environments.find((e) => e.name === envName)!;
  return Testing.synth(new EnvironmentAddonsChart(Testing.app(), 'addons', { organization: org, environment: env, cloud, trustedRegistries: [REGISTRY] }))
    .filter((m) => m.kind === 'Application');
}

describe('autoscaling on every cloud', () => {
  test('every cloud has a metrics source for its HorizontalPodAutoscalers and a node autoscaler, and the catalog says which', () => {
    for (const cloud of CLOUDS) {
      const installed = addonsFor(cloud).map((a) => a.name);
      for (const part of [CLUSTER_AUTOSCALING[cloud].metrics, CLUSTER_AUTOSCALING[cloud].nodes]) {
        // an add-on named for a cloud is installed there; otherwise the cloud manages it
        if ('addon' in part) expect(installed).toContain(part.addon);
        else expect(part.managedBy).toMatch(/^(AKS|GKE) /);
      }
    }
    expect(CLUSTER_AUTOSCALING.aws).toEqual({ metrics: { addon: 'metrics-server' }, nodes: { addon: 'cluster-autoscaler' } });
  });

  test.each(org.environments.map((e) => [e.name]))('%s: EKS gets metrics-server and Cluster Autoscaler; AKS and GKE, which run their own, do not', (envName) => {
    const names = (cloud: Cloud) => applications(envName, cloud).map((a) => a.metadata.name);
    expect(names('aws')).toEqual(expect.arrayContaining(['metrics-server', 'cluster-autoscaler']));
    for (const cloud of ['azure', 'gcp'] as const) {
      expect(names(cloud)).not.toContain('metrics-server');
      expect(names(cloud)).not.toContain('cluster-autoscaler');
      // every other add-on meant for this cloud's clusters
      expect(names(cloud)).toEqual(ADDON_CATALOG.filter((a) => a.clouds === undefined || a.clouds.includes(cloud)).map((a) => a.name));
    }
  });

  test('their namespaces are outside the policies only where they run', () => {
    expect(policyExcludedNamespaces(ADDON_CATALOG, 'aws')).toEqual(expect.arrayContaining(['metrics-server', 'cluster-autoscaler']));
    expect(policyExcludedNamespaces(ADDON_CATALOG, 'gcp')).not.toContain('cluster-autoscaler');
    expect(policyExcludedNamespaces(ADDON_CATALOG, 'azure')).not.toContain('metrics-server');
  });

  test('the pins: charts and the software they ship; Cluster Autoscaler\'s minor is the default Kubernetes version\'s', () => {
    expect(METRICS_SERVER_ADDON.helm).toEqual({ repoUrl: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.0' });
    expect(METRICS_SERVER_ADDON.appVersion).toBe('v0.8.0');
    expect(CLUSTER_AUTOSCALER_ADDON.helm).toEqual({ repoUrl: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.51.0' });
    // The autoscaler supports the Kubernetes minor it is built for: bump both together.
    expect(CLUSTER_AUTOSCALER_ADDON.appVersion.replace(/^v(\d+\.\d+)\..*$/, '$1')).toBe(DEFAULT_KUBERNETES_VERSION);
    expect(org.kubernetes.version).toBe(DEFAULT_KUBERNETES_VERSION);
  });

  test('both are highly available, bounded and unprivileged', () => {
    const ms = METRICS_SERVER_ADDON.values;
    expect(ms.replicas).toBe(2);
    expect(ms.podDisruptionBudget.minAvailable).toBeLessThan(ms.replicas);
    expect(ms.apiService.create).toBe(true);
    expect(ms.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    const ca = CLUSTER_AUTOSCALER_ADDON.values;
    expect(ca.replicaCount).toBe(2);
    expect(ca.securityContext.runAsNonRoot).toBe(true);
    expect(ca.containerSecurityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    for (const r of [ms.resources, ca.resources]) expect(Object.keys(r.requests).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
    // the services' /tmp emptyDir must not keep an underused node from being removed
    expect(ca.extraArgs['skip-nodes-with-local-storage']).toBe(false);
  });

  test('once an environment\'s node groups exist (aws.nodeGroupsCreated), their node counts are the Cluster Autoscaler\'s', () => {
    // GIVEN the example with prod's node groups created, and staging's not yet
    const spec = { ...acme, environments: acme.environments.map((e) => (e.name === 'prod' ? { ...e, aws: { ...e.aws!, nodeGroupsCreated: true } } : e)) };
    const created = defineOrganization(spec);
    const scaling = (envName: string) => {
      const environment = created.environments.find((e) => e.name === envName)!;
      const template = Template.fromStack(new EnvironmentAwsStack(new App(), 'aws', { organization: created, environment }));
      return Object.values<any>(template.findResources('AWS::EKS::Nodegroup')).map((g) => g.Properties.ScalingConfig);
    };
    // THEN prod's templates carry the tier's bounds and no DesiredSize: a change of the bounds leaves the counts alone
    const prod = created.environments.find((e) => e.name === 'prod')!.profile.cluster;
    expect(scaling('prod')).toEqual([
      { MinSize: prod.systemNodesMin, MaxSize: prod.systemNodesMax },
      { MinSize: prod.generalNodesMin, MaxSize: prod.generalNodesMax },
    ]);
    // AND staging, whose node groups are yet to be created, gets all three sizes, as EKS requires at creation
    expect(scaling('staging').every((c) => c.DesiredSize === c.MinSize)).toBe(true);
    expect(org.environments.every((e) => e.aws!.nodeGroupsCreated === undefined)).toBe(true);
  });

  test('a cloud list that names no cloud is a catalog problem', () => {
    expect(addonCatalogProblems([{ ...METRICS_SERVER_ADDON, clouds: [] }])).toEqual([
      'addon "metrics-server": clouds is empty (expected at least one of aws, azure, gcp, or no clouds for every cloud)',
    ]);
  });

  test.each(org.environments.filter((e) => e.aws).map((e) => [e.name]))(
    '%s: Cluster Autoscaler discovers the node groups of the very cluster whose IAM role its service account receives',
    (envName) => {
      // GIVEN the environment's cluster add-ons and its AWS stack
      const env = org.environments.find((e) => e.name === envName)!;
      const app = applications(envName, 'aws').find((a) => a.metadata.name === 'cluster-autoscaler');
      const stack = new EnvironmentAwsStack(new App(), 'aws', { organization: org, environment: env });
      const template = Template.fromStack(stack);

      // THEN the chart is told this cluster and region
      const values = app.spec.source.helm.valuesObject;
      const clusterName = template.findResources('AWS::EKS::Cluster');
      expect(Object.values<any>(clusterName).map((c) => c.Properties.Name)).toEqual([values.autoDiscovery.clusterName]);
      expect(values.awsRegion).toBe(env.aws!.region);
      expect(app.spec.destination.namespace).toBe('cluster-autoscaler');
      // AND the pod identity association binds the chart's service account in the chart's namespace to the role
      template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
        Namespace: app.spec.destination.namespace,
        ServiceAccount: values.rbac.serviceAccount.name,
      });
    },
  );
});
