import { show } from '../../../core/show';
import { DEFAULT_KUBERNETES_VERSION, kubernetesVersionsOf } from '../clouds';
import { formatPath, SpecIssue } from '../errors';
import { CLOUDS } from '../network-plan';


const CLOUD_NAMES = { aws: 'EKS', azure: 'AKS', gcp: 'GKE' } as const;

/**
 * The Kubernetes version must be one every cloud the environments use runs with the baseline: the cloud tables
 * hold the versions each managed service offers and the add-on versions pinned for them.
 */
export function kubernetesVersionIssues(spec: any): SpecIssue[] {
  const environments: any[] = Array.isArray(spec?.environments) ? spec.environments : [];
  const version = spec?.kubernetes?.version ?? DEFAULT_KUBERNETES_VERSION;
  if (typeof version !== 'string') return [];
  const used = CLOUDS.filter((c) => environments.some((env) => env?.[c] !== undefined && env?.[c] !== null));
  const missing = used.filter((c) => !kubernetesVersionsOf(c).includes(version));
  if (missing.length === 0) return [];
  const offered = used.map((c) => kubernetesVersionsOf(c)).reduce((a, b) => a.filter((v) => b.includes(v)));
  return [{
    path: formatPath(['kubernetes', 'version']),
    message: `${show(version)} is not a version the baseline deploys on ${listed(missing.map((c) => CLOUD_NAMES[c]))} (expected ${offered.length > 0 ? `one of ${offered.join(', ')}` : 'a version every cloud in use offers'}: the cloud tables in lib/spec/clouds.ts list each cloud's versions and the add-on versions pinned for them)`,
  }];
}

function listed(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
