import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdApplication } from '../../constructs/k8s/argocd-application';
import type { EncryptedStorageClass } from '../../constructs/k8s/encrypted-storage-class';
import { WorkloadPriorityClass } from '../../constructs/k8s/priority-class';
import { ADDON_CATALOG, addonsFor, assertCatalog, CERT_MANAGER_ADDON, ENVOY_GATEWAY_ADDON, KYVERNO_ADDON, OTEL_COLLECTOR_ADDON, policyExcludedNamespaces, type Addon } from '../addons';
import { kyvernoClusterPolicies, RULE_ID_ANNOTATION, type KyvernoClusterPolicy } from '../policy/kyverno';
import { kyvernoImageVerificationPolicy } from '../policy/kyverno-image-verification';
import { kubernetesPack } from '../policy/packs/kubernetes';
import type { Cloud, Environment, Organization } from '../spec';
import { chartLabels } from './chart-labels';
import { ClusterIngress } from './cluster-ingress';
import { clusterStorageClass } from './cluster-storage';
import { PLATFORM_PROJECT } from './gitops-chart';
import { addonEnvironmentValues, mergeValues } from './monitoring-values';
import { TelemetryCollector } from './telemetry-collector-objects';
import { BASELINE_PRIORITY_CLASSES } from '../standards/priority';

/** Properties of an {@link EnvironmentAddonsChart}. */
export interface EnvironmentAddonsChartProps {
  readonly organization: Organization;
  readonly environment: Environment;
  /** The cloud whose cluster this chart is applied to. */
  readonly cloud: Cloud;
  /**
   * Registry prefixes the cluster may pull images from, each ending in `/` (e.g.
   * `111111111111.dkr.ecr.eu-west-1.amazonaws.com/`). At least one.
   */
  readonly trustedRegistries: readonly string[];
  /**
   * The add-ons to install.
   * @default ADDON_CATALOG
   */
  readonly catalog?: readonly Addon[];
  /**
   * Client ids of the Azure workload identities, by Terraform output name (`terraform output -json` of the
   * environment's Azure stack): the add-ons' own identities (Kyverno's registry reader) take theirs from here.
   * @default - none: the add-ons' service accounts name the output they wait for
   */
  readonly azureClientIds?: Readonly<Record<string, string>>;
}

/**
 * The cluster add-ons of one environment's cluster on one cloud, for Argo CD: one `Application` per add-on of the
 * catalog, and the Kyverno `ClusterPolicies` that enforce the baseline's Kubernetes rules, generated from the same
 * rules as the synth-time check. Every object carries the mandatory labels.
 *
 * The PriorityClasses of the platform and of the services, and the customer-key StorageClass, sync first, in a wave
 * before every add-on: the add-ons' pods name the platform class, Prometheus' volume claims the storage class. The policies sync one wave after Kyverno, whose chart installs the ClusterPolicy
 * CRD. Construct ids are the add-on names, the class names and the rule ids; object names derive from them.
 */
export class EnvironmentAddonsChart extends Chart {
  /** The Applications, one per add-on, in catalog order. */
  public readonly applications: readonly ArgoCdApplication[];
  /** The PriorityClasses of the platform and of the services (`lib/standards/priority.ts`), highest first. */
  public readonly priorityClasses: readonly WorkloadPriorityClass[];
  /**
   * The cluster's default StorageClass, whose volumes are encrypted with the environment's customer key on the
   * cloud; the add-ons' claims (Prometheus) name it.
   */
  public readonly storageClass: EncryptedStorageClass;
  /** The ClusterPolicy objects, one per rule Kyverno enforces. */
  public readonly policies: readonly ApiObject[];
  /**
   * The ClusterPolicy that admits only signed images of the organization's registries; undefined without
   * `imageSigning` in the spec (the policy check then fails) or without Kyverno in the catalog.
   */
  public readonly imageVerificationPolicy?: ApiObject;
  /** The cluster's GatewayClass, Gateways and private CA; undefined without Envoy Gateway and cert-manager in the catalog. */
  public readonly ingress?: ClusterIngress;
  /** The OpenTelemetry Collector's configuration and NetworkPolicy; undefined where the catalog has no collector. */
  public readonly telemetry?: TelemetryCollector;

  constructor(scope: Construct, id: string, props: EnvironmentAddonsChartProps) {
    const { environment: env, cloud } = props;
    super(scope, id, {
      labels: chartLabels(env, cloud),
    });
    const full = props.catalog ?? ADDON_CATALOG;
    assertCatalog(full);
    // Only what this cloud's cluster runs (the cloud runs the rest itself, or it is for another cloud's clusters).
    const catalog = addonsFor(cloud, full);
    if (props.trustedRegistries.length === 0) {
      throw new Error(`EnvironmentAddonsChart: trustedRegistries for environment ${JSON.stringify(env.name)} on ${cloud} is empty (expected at least one registry prefix, like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/)`);
    }

    // The classes come first: a pod naming a class that does not exist yet is refused, and the add-ons name one.
    const firstWave = Math.min(0, ...catalog.map((a) => a.syncWave)) - 1;
    this.priorityClasses = BASELINE_PRIORITY_CLASSES.map((c) => {
      const priorityClass = new WorkloadPriorityClass(this, c.name, { name: c.name, value: c.value, description: c.description });
      priorityClass.apiObject.metadata.addAnnotation(ArgoCdApplication.SYNC_WAVE_ANNOTATION, String(firstWave));
      return priorityClass;
    });
    // Also before the add-ons: a claim naming a class that does not exist yet stays Pending.
    this.storageClass = clusterStorageClass(this, 'StorageClass', props.organization, env, cloud);
    this.storageClass.apiObject.metadata.addAnnotation(ArgoCdApplication.SYNC_WAVE_ANNOTATION, String(firstWave));

    const environmentValues = addonEnvironmentValues(props.organization, env, cloud, props.azureClientIds);
    this.applications = catalog.map((addon) => new ArgoCdApplication(this, addon.name, {
      name: addon.name,
      repoUrl: addon.helm.repoUrl,
      chart: addon.helm.chart,
      chartVersion: addon.helm.version,
      namespace: addon.namespace,
      values: mergeValues(addon.values as Record<string, unknown>, environmentValues[addon.name] ?? {}),
      syncWave: addon.syncWave,
      namespaceLabels: { ...env.tags },
      autoSync: env.profile.delivery.autoSync,
      // With GitOps, the platform's project; without, Argo CD's default one.
      project: props.organization.delivery ? PLATFORM_PROJECT : undefined,
    }));

    // The Gateways and their certificates, once their controllers are in the catalog.
    const gatewayController = catalog.find((a) => a.name === ENVOY_GATEWAY_ADDON.name);
    if (gatewayController && catalog.some((a) => a.name === CERT_MANAGER_ADDON.name)) {
      this.ingress = new ClusterIngress(this, 'Ingress', {
        organization: props.organization, environment: env, cloud, labels: {}, syncWave: gatewayController.syncWave + 1,
      });
    }

    // The collector's configuration and isolation, beside its Application.
    if (catalog.some((a) => a.name === OTEL_COLLECTOR_ADDON.name)) {
      this.telemetry = new TelemetryCollector(this, 'Telemetry', { organization: props.organization, environment: env, cloud, labels: {} });
    }

    const kyverno = catalog.find((a) => a.name === KYVERNO_ADDON.name);
    if (!kyverno) {
      this.policies = [];
      return;
    }
    const excludedNamespaces = policyExcludedNamespaces(catalog, cloud);
    const pack = kubernetesPack({ trustedRegistries: props.trustedRegistries, excludedNamespaces });
    const manifests = kyvernoClusterPolicies(pack.rules, {
      environment: env.name,
      cloud,
      excludedNamespaces,
      kyvernoVersion: kyverno.appVersion.replace(/^v/, ''),
    });
    const policyObject = (manifest: KyvernoClusterPolicy) => new ApiObject(this, manifest.metadata.annotations[RULE_ID_ANNOTATION], {
      ...manifest,
      metadata: {
        ...manifest.metadata,
        annotations: {
          ...manifest.metadata.annotations,
          [ArgoCdApplication.SYNC_WAVE_ANNOTATION]: String(kyverno.syncWave + 1),
          // The ClusterPolicy CRD arrives with Kyverno in the same sync; a dry run before that would fail.
          'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
        },
      },
    });
    this.policies = manifests.map(policyObject);

    const signing = props.organization.imageSigning;
    if (signing) {
      this.imageVerificationPolicy = policyObject(kyvernoImageVerificationPolicy({
        signing,
        registries: props.trustedRegistries,
        cloud,
        excludedNamespaces,
        kyvernoVersion: kyverno.appVersion.replace(/^v/, ''),
      }));
    }
  }
}
