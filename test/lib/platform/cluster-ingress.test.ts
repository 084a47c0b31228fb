import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { acme } from '../../../examples/acme/org';
import { CERT_MANAGER_ADDON, ENVOY_GATEWAY_ADDON } from '../../../lib/addons';
import { naming } from '../../../lib/naming';
import { EnvironmentAzureStack } from '../../../lib/platform/azure-stack';
import { ENVOY_GATEWAY_CONTROLLER, ENVOY_PROXY_RESOURCES, loadBalancerAnnotations } from '../../../lib/platform/cluster-ingress';
import { synthesizeKubernetes } from '../../../lib/platform/synth-kubernetes';
import { INTERNAL_LOAD_BALANCER_ANNOTATIONS } from '../../../lib/policy/rules/kubernetes/internal-load-balancer';
import { defineOrganization, type Cloud, type Organization, type OrganizationSpec } from '../../../lib/spec';
import { PLATFORM_PRIORITY_CLASS } from '../../../lib/standards/priority';
import { crdSchemaProblems } from '../../support/crd-schema';
import { NetworkPolicyEvaluator, podsOf, type PodEndpoint } from '../../support/network-policy';
import { check } from '../policy/rules/kubernetes/fixtures';

const CLOUDS: readonly Cloud[] = ['aws', 'azure', 'gcp'];
const GATEWAY_NAMESPACE = ENVOY_GATEWAY_ADDON.namespace;
const REASON = 'Card networks post settlement callbacks from the internet.';

/** Every cluster of `org`, synthesized, with its manifests read back as a cluster would apply them. */
function clustersOf(org: Organization, environments = org.environments) {
  const targets = environments.flatMap((env) => CLOUDS.map((cloud) => ({ env, cloud })));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-ingress-'));
  try {
    synthesizeKubernetes(org, targets, outdir);
    return targets.map(({ env, cloud }) => {
      const read = (chart: string) => parseAllDocuments(fs.readFileSync(path.join(outdir, env.name, cloud, `${chart}.k8s.yaml`), 'utf-8')).map((d) => d.toJSON());
      const addons = read('addons');
      const services = read('services');
      const manifests = [...read('baseline'), ...addons, ...services];
      return { name: `${env.name}/${cloud}`, env, cloud, addons, services, manifests };
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The pods of one Gateway's Envoy proxies, labelled as Envoy Gateway labels them. */
function proxiesOf(gateway: string): PodEndpoint {
  return {
    kind: 'pod',
    name: `envoy-${gateway}`,
    namespace: GATEWAY_NAMESPACE,
    labels: {
      'app.kubernetes.io/name': 'envoy',
      'app.kubernetes.io/component': 'proxy',
      'app.kubernetes.io/managed-by': 'envoy-gateway',
      'gateway.envoyproxy.io/owning-gateway-name': gateway,
      'gateway.envoyproxy.io/owning-gateway-namespace': GATEWAY_NAMESPACE,
    },
  };
}

const org = defineOrganization(acme);
const clusters = clustersOf(org);
const exposed = org.services.filter((s) => s.exposure.level === 'internal');

describe.each(clusters.map((c) => [c.name, c] as const))('the ingress of %s', (_, cluster) => {
  const of = (kind: string) => cluster.manifests.filter((m) => m.kind === kind);

  test('one internal Gateway, on the cloud\'s internal load balancer, run by Envoy Gateway; no public one', () => {
    const gateways = of('Gateway');
    expect(gateways.map((g) => `${g.metadata.namespace}/${g.metadata.name}`)).toEqual([`${GATEWAY_NAMESPACE}/internal`]);
    const [gateway] = gateways;
    // The annotation the policy rule K8S-SERVICE-INTERNAL-LOAD-BALANCER requires, on the Service Envoy Gateway creates
    const { key, value } = INTERNAL_LOAD_BALANCER_ANNOTATIONS[cluster.cloud];
    expect(gateway.spec.infrastructure.annotations[key]).toBe(value);
    const [gatewayClass] = of('GatewayClass').filter((c) => c.metadata.name === gateway.spec.gatewayClassName);
    expect(gatewayClass.spec.controllerName).toBe(ENVOY_GATEWAY_CONTROLLER);
    // The class's proxy settings exist: two proxies per Gateway behind a disruption budget, at the platform's priority
    const proxy = of('EnvoyProxy').find((p) => p.metadata.name === gatewayClass.spec.parametersRef.name && p.metadata.namespace === gatewayClass.spec.parametersRef.namespace);
    expect(proxy.spec.provider).toEqual({
      type: 'Kubernetes',
      kubernetes: {
        envoyDeployment: {
          replicas: 2,
          container: { resources: ENVOY_PROXY_RESOURCES },
          patch: { type: 'StrategicMerge', value: { spec: { template: { spec: { priorityClassName: PLATFORM_PRIORITY_CLASS.name } } } } },
        },
        envoyPDB: { minAvailable: 1 },
      },
    });
    // the class the patch names exists in the same cluster, above every service class
    const classes = of('PriorityClass');
    const others = classes.filter((c) => c.metadata.name !== PLATFORM_PRIORITY_CLASS.name).map((c) => c.value);
    expect(classes.find((c) => c.metadata.name === PLATFORM_PRIORITY_CLASS.name).value).toBeGreaterThan(Math.max(...others));
    expect(check('K8S-PRIORITY-CLASS', cluster.addons, cluster.cloud)).toEqual([]);
    expect(Object.keys(ENVOY_PROXY_RESOURCES.limits).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
  });

  test('TLS only: HTTPS on 443 for the environment\'s names, with a certificate from an issuer that exists in the cluster', () => {
    const [gateway] = of('Gateway');
    expect(gateway.spec.listeners.map((l: any) => [l.protocol, l.port, l.hostname])).toEqual([['HTTPS', 443, `*.${cluster.env.name}.acme.internal`]]);
    const issuer = gateway.metadata.annotations['cert-manager.io/cluster-issuer'];
    const issuers = of('ClusterIssuer');
    // The private CA chain: a self-signed root signs the CA certificate, whose Secret the CA issuer signs with
    const ca = issuers.find((i) => i.metadata.name === issuer);
    const caCertificate = of('Certificate').find((c) => c.spec.secretName === ca.spec.ca.secretName);
    expect(caCertificate.metadata.namespace).toBe(CERT_MANAGER_ADDON.namespace); // where a ClusterIssuer reads its Secret
    expect(caCertificate.spec.isCA).toBe(true);
    expect(issuers.find((i) => i.metadata.name === caCertificate.spec.issuerRef.name).spec).toEqual({ selfSigned: {} });
  });

  test('one HTTPRoute per exposed service, attached to the Gateway\'s listener, to the service\'s Service and port', () => {
    const routes = of('HTTPRoute');
    expect(routes.map((r) => `${r.metadata.namespace}/${r.metadata.name}`).sort()).toEqual(exposed.map((s) => `${s.team}/${s.name}`).sort());
    const [gateway] = of('Gateway');
    const listener = gateway.spec.listeners[0];
    const admitted: string[] = listener.allowedRoutes.namespaces.selector.matchExpressions[0].values;
    for (const route of routes) {
      const service = org.services.find((s) => s.name === route.metadata.name)!;
      expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.metadata.name, namespace: gateway.metadata.namespace, sectionName: listener.name }]);
      expect(admitted).toContain(route.metadata.namespace);
      expect(route.spec.hostnames).toEqual([`${service.name}.${cluster.env.name}.acme.internal`]);
      expect(route.spec.hostnames[0].endsWith(listener.hostname.slice(1))).toBe(true);
      const [backend] = route.spec.rules[0].backendRefs;
      const svc = of('Service').find((s) => s.metadata.namespace === route.metadata.namespace && s.metadata.name === backend.name);
      expect(svc.spec.ports.map((p: any) => p.port)).toContain(backend.port);
    }
    // Only the teams with an exposed service may attach routes
    expect([...admitted].sort()).toEqual([...new Set(exposed.map((s) => s.team))].sort());
  });

  test('the Gateway\'s proxies reach each exposed service on its port, and no other service or port', () => {
    const evaluator = new NetworkPolicyEvaluator(cluster.manifests, { 'kube-system': {}, [GATEWAY_NAMESPACE]: {} });
    const pods = new Map(podsOf(cluster.manifests).map((p) => [p.name!, p]));
    const proxies = proxiesOf('internal');
    const ports = [...new Set(org.services.map((s) => s.port))];
    const denied = exposed.filter((s) => !evaluator.allows(proxies, pods.get(s.name)!, s.port)).map((s) => s.name);
    expect(denied).toEqual([]);
    const allowed = org.services.flatMap((s) => ports.filter((port) => !(exposed.includes(s) && port === s.port))
      .filter((port) => evaluator.allows(proxies, pods.get(s.name)!, port)).map((port) => `${s.name}:${port}`));
    expect(allowed).toEqual([]);
    // Another Gateway's proxies (a public one) reach none of the internally exposed services
    expect(exposed.filter((s) => evaluator.allows(proxiesOf('public'), pods.get(s.name)!, s.port)).map((s) => s.name)).toEqual([]);
  });
});

describe('the ingress objects of every cluster', () => {
  test('validate against the Gateway API and cert-manager CRD schemas', () => {
    const objects = clusters.flatMap((c) => c.manifests).filter((m) => /^(gateway\.networking\.k8s\.io|cert-manager\.io)\//.test(m.apiVersion));
    expect(new Set(objects.map((m) => m.kind))).toEqual(new Set(['GatewayClass', 'Gateway', 'HTTPRoute', 'ClusterIssuer', 'Certificate']));
    expect(crdSchemaProblems(objects)).toEqual([]);
  });
});

describe('a public service', () => {
  const services = acme.services!.map((s) => s.name === 'payments-api' ? { ...s, exposure: { level: 'public' as const, reason: REASON } } : s);
  const spec: OrganizationSpec = { ...acme, services, ingress: { domain: 'apps.acme.example', publicClusterIssuer: 'letsencrypt' } };
  const publicOrg = defineOrganization(spec);
  const publicClusters = clustersOf(publicOrg, publicOrg.environments.filter((e) => e.name === 'prod'));

  test.each(publicClusters.map((c) => [c.name, c] as const))('%s: a public Gateway with the reason, its route, its proxies let in', (_, cluster) => {
    const gateways = cluster.manifests.filter((m) => m.kind === 'Gateway');
    const gateway = gateways.find((g) => g.metadata.name === 'public');
    expect(gateways.map((g) => g.metadata.name)).toEqual(['internal', 'public']);
    expect(gateway.spec.infrastructure?.annotations ?? {}).toEqual(loadBalancerAnnotations(cluster.cloud, 'public', naming.azurePublicGatewayIp('acme', 'prod')));
    expect(gateway.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    expect(gateway.metadata.annotations['baseline.io/public-exposure-reason']).toBe(`payments-api: ${REASON}`);
    expect(gateway.spec.listeners[0].allowedRoutes.namespaces.selector.matchExpressions[0].values).toEqual(['payments']);
    const route = cluster.manifests.find((m) => m.kind === 'HTTPRoute' && m.metadata.name === 'payments-api');
    expect(route.spec.parentRefs[0].name).toBe('public');
    expect(route.spec.hostnames).toEqual(['payments-api.prod.apps.acme.example']);
    expect(route.metadata.annotations['baseline.io/public-exposure-reason']).toBe(REASON);

    const evaluator = new NetworkPolicyEvaluator(cluster.manifests, { 'kube-system': {}, [GATEWAY_NAMESPACE]: {} });
    const pods = new Map(podsOf(cluster.manifests).map((p) => [p.name!, p]));
    expect(evaluator.allows(proxiesOf('public'), pods.get('payments-api')!, 8080)).toBe(true);
    expect(evaluator.allows(proxiesOf('internal'), pods.get('payments-api')!, 8080)).toBe(false);
    expect(evaluator.allows(proxiesOf('public'), pods.get('ledger')!, publicOrg.services.find((s) => s.name === 'ledger')!.port)).toBe(false);

    // The policy report: the public Gateway passes only because of its reason, and lists it
    expect(check('K8S-GATEWAY-PUBLIC-REASONED', cluster.addons, cluster.cloud)).toEqual([]);
    expect(check('K8S-PUBLIC-EXPOSURES', cluster.addons, cluster.cloud)).toEqual([
      { resource: `Gateway/${GATEWAY_NAMESPACE}/public`, message: `public: payments-api: ${REASON}` },
    ]);
    expect(crdSchemaProblems(cluster.manifests.filter((m) => m.kind === 'Gateway' || m.kind === 'HTTPRoute'))).toEqual([]);
  });

  test('azure: the public Gateway takes the static address the Terraform stack creates, and only it is open to the Internet, on 443', () => {
    // GIVEN the public Gateway on AKS and the environment's Azure stack
    const [aks] = publicClusters.filter((c) => c.cloud === 'azure');
    const annotations = aks.manifests.find((m) => m.kind === 'Gateway' && m.metadata.name === 'public').spec.infrastructure.annotations;
    const prod = publicOrg.environments.find((e) => e.name === 'prod')!;
    const tf = JSON.parse(Testing.synth(new EnvironmentAzureStack(Testing.app(), 'azure', { organization: publicOrg, environment: prod })));
    const name = (value: string) => {
      // a reference to another resource's name resolves to that resource's literal name
      const ref = /^\$\{(\w+)\.(\w+)\.name\}$/.exec(value);
      return ref ? tf.resource[ref[1]][ref[2]].name : value;
    };

    // THEN the Service names the public IP the stack creates, in the resource group it is in
    const [ipAddress, ip] = Object.entries<any>(tf.resource.azurerm_public_ip).find(([, p]) => p.name === annotations['service.beta.kubernetes.io/azure-pip-name'])!;
    expect(name(ip.resource_group_name)).toBe(annotations['service.beta.kubernetes.io/azure-load-balancer-resource-group']);
    expect(ip.lifecycle).toEqual({ prevent_destroy: true });
    expect(ip.tags['public-exposure-reason']).toBe(`payments-api: ${REASON}`);
    // AND the only rule that lets the Internet in admits HTTPS to exactly that address, on the user nodes' subnet
    const fromInternet = Object.values<any>(tf.resource.azurerm_network_security_rule).filter((r) => r.source_address_prefix === 'Internet' && r.access === 'Allow');
    expect(fromInternet.map((r) => [r.destination_address_prefix, r.destination_port_ranges, r.protocol])).toEqual([[`\${azurerm_public_ip.${ipAddress}.ip_address}`, ['443'], 'Tcp']]);
    expect(name(fromInternet[0].network_security_group_name)).toBe('nsg-acme-prod-user-nodes');
    // AND its address is an output, for the public services' DNS records
    expect(tf.output.public_gateway_address.value).toBe(`\${azurerm_public_ip.${ipAddress}.ip_address}`);

    // AND without a public service there is neither the address nor the rule
    const internalOnly = JSON.parse(Testing.synth(new EnvironmentAzureStack(Testing.app(), 'azure', { organization: org, environment: org.environments.find((e) => e.name === 'prod')! })));
    expect(Object.values<any>(internalOnly.resource.azurerm_public_ip).map((p) => p.name)).not.toContain(annotations['service.beta.kubernetes.io/azure-pip-name']);
    expect(Object.values<any>(internalOnly.resource.azurerm_network_security_rule).filter((r) => r.access === 'Allow' && r.source_address_prefix === 'Internet')).toEqual([]);
    expect(internalOnly.output?.public_gateway_address).toBeUndefined();
  });

  test('with the organization\'s own issuer, no private CA: the internal Gateway uses it', () => {
    const own = defineOrganization({ ...acme, ingress: { clusterIssuer: 'acme-pki' } });
    const [cluster] = clustersOf(own, own.environments.filter((e) => e.name === 'dev')).filter((c) => c.cloud === 'gcp');
    expect(cluster.manifests.filter((m) => m.kind === 'ClusterIssuer' || m.kind === 'Certificate')).toEqual([]);
    expect(cluster.manifests.find((m) => m.kind === 'Gateway').metadata.annotations['cert-manager.io/cluster-issuer']).toBe('acme-pki');
  });
});
