import { ApiObject } from 'cdk8s';
import type { NetworkPolicyPeer } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ArgoCdApplication } from '../../constructs/k8s/argocd-application';
import { ClusterGateway } from '../../constructs/k8s/cluster-gateway';
import { CERT_MANAGER_ADDON, ENVOY_GATEWAY_ADDON } from '../addons';
import { naming } from '../naming';
import { INTERNAL_LOAD_BALANCER_ANNOTATIONS } from '../policy/rules/kubernetes/internal-load-balancer';
import {
  GATEWAY_EXPOSURE_ANNOTATION, PUBLIC_EXPOSURE_REASON_ANNOTATION,
  type Cloud, type Environment, type Organization, type Service,
} from '../spec';
import { PLATFORM_PRIORITY_CLASS } from '../standards/priority';

/** The GatewayClass of every cluster's Gateways, run by Envoy Gateway. */
export const GATEWAY_CLASS_NAME = 'baseline';
/** Envoy Gateway's controller name, which a GatewayClass names to be run by it. */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';
/** The EnvoyProxy settings of the baseline's proxies (replicas, disruption budget), named by the GatewayClass. */
export const ENVOY_PROXY_CONFIG_NAME = 'baseline-proxy';
/** The ClusterIssuer of each cluster's private CA, which signs the internal Gateway's certificates by default. */
export const PRIVATE_CA_ISSUER = 'baseline-private-ca';
/** Requests and limits of each Envoy proxy container (ephemeral storage bounded too, like every add-on's). */
export const ENVOY_PROXY_RESOURCES = {
  requests: { 'cpu': '200m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
  limits: { 'cpu': '2', 'memory': '1Gi', 'ephemeral-storage': '512Mi' },
} as const;
/** Envoy Gateway labels each Gateway's proxy pods with the Gateway's name and namespace. */
const OWNING_GATEWAY_NAME_LABEL = 'gateway.envoyproxy.io/owning-gateway-name';
const OWNING_GATEWAY_NAMESPACE_LABEL = 'gateway.envoyproxy.io/owning-gateway-namespace';

/** The cluster Gateways, by how far they expose. */
export const CLUSTER_GATEWAYS = { internal: 'internal', public: 'public' } as const;

/**
 * The annotations that make the Service in front of a Gateway's proxies an internal or internet-facing load balancer
 * on each cloud. On AWS, both the AWS Load Balancer Controller's (`scheme`) and the in-tree service controller's
 * (`internal`) spelling, so the load balancer is internal whichever controller serves it; an NLB, which passes TLS
 * through to Envoy.
 */
export function loadBalancerAnnotations(cloud: Cloud, exposure: 'internal' | 'public', azurePublicIp?: { readonly name: string; readonly resourceGroupName: string }): Record<string, string> {
  if (exposure === 'internal') {
    const { key, value } = INTERNAL_LOAD_BALANCER_ANNOTATIONS[cloud];
    return cloud === 'aws'
      ? { [key]: value, 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true', 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' }
      : { [key]: value };
  }
  if (cloud === 'aws') return { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing', 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' };
  // Azure and GKE make a LoadBalancer Service internet-facing unless it says otherwise. On Azure it takes the static
  // address the environment's Terraform stack created, which the node subnet's NSG admits the Internet to.
  return cloud === 'azure' && azurePublicIp
    ? { 'service.beta.kubernetes.io/azure-pip-name': azurePublicIp.name, 'service.beta.kubernetes.io/azure-load-balancer-resource-group': azurePublicIp.resourceGroupName }
    : {};
}

/** The services of `org` exposed at `level`, in spec order. */
export function exposedServices(org: Organization, level: 'internal' | 'public'): Service[] {
  return org.services.filter((s) => s.exposure.level === level);
}

/** The NetworkPolicy peer that selects one cluster Gateway's proxy pods. */
export function gatewayProxyPeer(gateway: string): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ENVOY_GATEWAY_ADDON.namespace } },
    podSelector: { matchLabels: { [OWNING_GATEWAY_NAME_LABEL]: gateway, [OWNING_GATEWAY_NAMESPACE_LABEL]: ENVOY_GATEWAY_ADDON.namespace } },
  };
}

/** Properties of a {@link ClusterIngress}. */
export interface ClusterIngressProps {
  readonly organization: Organization;
  readonly environment: Environment;
  readonly cloud: Cloud;
  /** Labels of every object (the mandatory labels). */
  readonly labels: Readonly<Record<string, string>>;
  /** Argo CD sync wave of these objects: after cert-manager and Envoy Gateway, whose CRDs they need. */
  readonly syncWave: number;
}

/**
 * The ingress of one cluster: the GatewayClass run by Envoy Gateway with the proxies' settings, the private CA
 * (unless the organization names its own issuer), the internal Gateway on the cloud's internal load balancer, and,
 * only when some service is public, the public Gateway with every public service's reason on it.
 *
 * Each Gateway listens on HTTPS 443 only, for `*.<environment>.<domain>`, with a certificate cert-manager issues and
 * renews, and admits routes only from the namespaces of the teams whose services are exposed through it.
 */
export class ClusterIngress extends Construct {
  /** The internal Gateway. */
  public readonly internal: ClusterGateway;
  /** The public Gateway; undefined when no service is public. */
  public readonly public?: ClusterGateway;

  constructor(scope: Construct, id: string, props: ClusterIngressProps) {
    super(scope, id);
    const { organization: org, environment: env, cloud } = props;
    const labels = { ...props.labels };
    const namespace = ENVOY_GATEWAY_ADDON.namespace;
    // The CRDs arrive with the add-ons in the same sync; a dry run before that would fail.
    const sync = {
      [ArgoCdApplication.SYNC_WAVE_ANNOTATION]: String(props.syncWave),
      'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
    };

    new ApiObject(this, 'ProxyConfig', {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: ENVOY_PROXY_CONFIG_NAME, namespace, labels, annotations: sync },
      spec: {
        provider: {
          type: 'Kubernetes',
          kubernetes: {
            // Two proxies per Gateway and a budget: a node drain or a zone never takes ingress down. They run at the
            // platform's priority, above every service: a burst of one team's pods must not preempt everyone's ingress.
            // EnvoyProxy has no pod field for it; the Deployment patch is Envoy Gateway's documented way.
            envoyDeployment: {
              replicas: 2,
              container: { resources: ENVOY_PROXY_RESOURCES },
              patch: { type: 'StrategicMerge', value: { spec: { template: { spec: { priorityClassName: PLATFORM_PRIORITY_CLASS.name } } } } },
            },
            envoyPDB: { minAvailable: 1 },
          },
        },
      },
    });
    new ApiObject(this, 'GatewayClass', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: GATEWAY_CLASS_NAME, labels, annotations: sync },
      spec: {
        controllerName: ENVOY_GATEWAY_CONTROLLER,
        parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: ENVOY_PROXY_CONFIG_NAME, namespace },
        description: 'The organization\'s Gateways: Envoy Gateway, two proxies per Gateway, TLS from cert-manager.',
      },
    });

    if (org.ingress.clusterIssuer === undefined) this.privateCa(org, env, cloud, labels, sync);

    const hostname = `*.${env.name}.${org.ingress.domain}`;
    const teamsOf = (services: readonly Service[]) => [...new Set(services.map((s) => s.team))];
    this.internal = new ClusterGateway(this, 'Internal', {
      name: CLUSTER_GATEWAYS.internal,
      namespace,
      gatewayClassName: GATEWAY_CLASS_NAME,
      hostname,
      clusterIssuer: org.ingress.clusterIssuer ?? PRIVATE_CA_ISSUER,
      routeNamespaces: teamsOf(exposedServices(org, 'internal')),
      infrastructureAnnotations: loadBalancerAnnotations(cloud, 'internal'),
      labels,
      annotations: { ...sync, [GATEWAY_EXPOSURE_ANNOTATION]: 'internal' },
    });

    const publicServices = exposedServices(org, 'public');
    if (publicServices.length > 0) {
      this.public = new ClusterGateway(this, 'Public', {
        name: CLUSTER_GATEWAYS.public,
        namespace,
        gatewayClassName: GATEWAY_CLASS_NAME,
        hostname,
        // Validation requires it whenever a service is public.
        clusterIssuer: org.ingress.publicClusterIssuer!,
        routeNamespaces: teamsOf(publicServices),
        infrastructureAnnotations: loadBalancerAnnotations(cloud, 'public', naming.azurePublicGatewayIp(org.name, env.name)),
        labels,
        annotations: {
          ...sync,
          [GATEWAY_EXPOSURE_ANNOTATION]: 'public',
          [PUBLIC_EXPOSURE_REASON_ANNOTATION]: publicServices.map((s) => `${s.name}: ${s.exposure.reason}`).join('\n'),
        },
      });
    }
  }

  /**
   * A private CA of the cluster, bootstrapped the way cert-manager documents: a self-signed issuer signs the CA
   * certificate (ECDSA P-256, ten years, renewed a month early), whose key then signs the Gateways' certificates
   * through the `baseline-private-ca` ClusterIssuer. Its root is the Secret `baseline-private-ca` in cert-manager's
   * namespace, which clients of the internal Gateway must trust.
   */
  private privateCa(org: Organization, env: Environment, cloud: Cloud, labels: Record<string, string>, sync: Record<string, string>): void {
    const selfSigned = `${PRIVATE_CA_ISSUER}-root`;
    new ApiObject(this, 'PrivateCaRootIssuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: selfSigned, labels, annotations: sync },
      spec: { selfSigned: {} },
    });
    new ApiObject(this, 'PrivateCaCertificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: PRIVATE_CA_ISSUER, namespace: CERT_MANAGER_ADDON.namespace, labels, annotations: sync },
      spec: {
        isCA: true,
        commonName: `${org.name}-${env.name}-${cloud} ingress CA`,
        secretName: PRIVATE_CA_ISSUER,
        duration: '87600h',
        renewBefore: '720h',
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: selfSigned },
      },
    });
    new ApiObject(this, 'PrivateCaIssuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: PRIVATE_CA_ISSUER, labels, annotations: sync },
      spec: { ca: { secretName: PRIVATE_CA_ISSUER } },
    });
  }
}
