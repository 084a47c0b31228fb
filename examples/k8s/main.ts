/**
 * A team's Kubernetes manifests with cdk8s: its namespace (restricted Pod Security, quota, container defaults,
 * default-deny), two hardened workloads, and network policies that open exactly the call between them. Copy this
 * file into your cdk8s app and import from `cdk-enterprise-baseline/k8s` instead of the relative path.
 *
 *   npx tsx main.ts   # writes dist/shop.k8s.yaml; kubectl apply -f dist/ (or commit it for Argo CD)
 */
import { App, Chart } from 'cdk8s';
import { ServiceNetworkPolicies, ServiceWorkload, TeamNamespace } from '../../constructs/k8s';

const app = new App();
// Labels on every object of the chart: ownership and cost allocation.
const chart = new Chart(app, 'shop', { labels: { 'owner': 'shop-team', 'cost-center': 'cc-2001', 'environment': 'dev', 'data-classification': 'internal' } });
const registry = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop-dev';
const resources = { cpuRequest: '250m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' };

new TeamNamespace(chart, 'Namespace', {
  name: 'shop',
  quota: { requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', pods: 40 },
  containerDefaults: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '512Mi' },
});

// Non-root, read-only root filesystem, probes, spread over zones and nodes, a PodDisruptionBudget, an autoscaler.
for (const name of ['storefront', 'catalog']) {
  new ServiceWorkload(chart, name, { name, namespace: 'shop', port: 8080, replicas: 3, image: `${registry}/${name}:v1.4.0`, resources, priorityClassName: 'baseline-service-standard' });
}

// storefront calls catalog: egress from one, ingress to the other, on catalog's port; every other pair stays denied.
new ServiceNetworkPolicies(chart, 'StorefrontPolicies', {
  service: { name: 'storefront', namespace: 'shop' },
  port: 8080,
  callees: [{ name: 'catalog', namespace: 'shop', port: 8080 }],
});
new ServiceNetworkPolicies(chart, 'CatalogPolicies', {
  service: { name: 'catalog', namespace: 'shop' },
  port: 8080,
  callers: [{ name: 'storefront', namespace: 'shop' }],
});

app.synth();
