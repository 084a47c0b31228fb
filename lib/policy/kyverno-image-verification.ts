import type { Cloud, ImageSigningSpec } from '../spec';
import { CONTROLS_ANNOTATION, RULE_ID_ANNOTATION, type KyvernoClusterPolicy } from './kyverno';

/** Id of the rule that checks the policy is there, and (lowercased) the policy's name. */
export const IMAGES_SIGNED_RULE_ID = 'K8S-IMAGES-SIGNED';

/** The public Sigstore transparency log, where keyless signatures (and cosign's key signatures) are recorded. */
export const SIGSTORE_REKOR_URL = 'https://rekor.sigstore.dev';

/** Where and what the image verification policy checks. */
export interface ImageVerificationPolicyOptions {
  /** How the organization signs its images. */
  readonly signing: ImageSigningSpec;
  /** Registry prefixes of the organization (ending in `/`): every image under them must be signed. At least one. */
  readonly registries: readonly string[];
  /** Cloud of the cluster: Kyverno reads signatures from the registry with that cloud's credential helper. */
  readonly cloud: Cloud;
  /** Namespaces the policy leaves alone: the system namespaces and the add-ons' own. */
  readonly excludedNamespaces: readonly string[];
  /** Kyverno version, for the `kyverno.io/kyverno-version` annotation. @default - none */
  readonly kyvernoVersion?: string;
}

/** Kyverno's registry credential helper for each cloud's registry (ECR, ACR, Artifact Registry). */
const REGISTRY_CREDENTIAL_PROVIDER: Record<Cloud, string> = { aws: 'amazon', azure: 'azure', gcp: 'google' };

/**
 * The Kyverno `ClusterPolicy` that admits a pod only when every image it runs from the organization's registries
 * carries a cosign signature of the organization's signer (`imageSigning`): in Enforce mode, fail-closed, in every
 * namespace but the system and add-on ones.
 *
 * Choices, and why:
 * - Pods only (autogen off). Kyverno replaces each verified tag with its digest; on Pods that pins exactly what was
 *   verified (tags are mutable in ACR) without rewriting the Deployments and Rollouts Argo CD compares with Git,
 *   which would otherwise be out of sync forever. A bad image shows as a ReplicaSet event, not a failed sync.
 * - `required`: an image under the registries that no rule verified is refused, not waved through.
 * - Either signer suffices (`count: 1`) when the spec names both keyless and a key.
 * - No background scan: re-verifying running images needs registry credentials in the reports controller, and
 *   admission already blocked what was unsigned.
 * - Add-on images (Kyverno, Prometheus, Argo) run in the excluded namespaces: they come from their vendors'
 *   registries, pinned by chart version, and Kyverno cannot verify its own pods before it runs. That is the
 *   reasoned exception README's "Signed images only" records.
 */
export function kyvernoImageVerificationPolicy(options: ImageVerificationPolicyOptions): KyvernoClusterPolicy {
  if (options.registries.length === 0) {
    throw new Error(`kyvernoImageVerificationPolicy: registries is empty on ${options.cloud} (expected at least one registry prefix, like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/)`);
  }
  const { keyless, publicKey } = options.signing;
  const entries: Record<string, unknown>[] = [
    ...(keyless ? [{ keyless: { issuer: keyless.issuer, subject: keyless.subject, rekor: { url: SIGSTORE_REKOR_URL } } }] : []),
    ...(publicKey !== undefined ? [{ keys: { publicKeys: publicKey, signatureAlgorithm: 'sha256', rekor: { url: SIGSTORE_REKOR_URL } } }] : []),
  ];
  if (entries.length === 0) {
    throw new Error(`kyvernoImageVerificationPolicy: signing names no signer on ${options.cloud} (expected keyless, publicKey or both)`);
  }
  const description = 'Pods run only images of the organization\'s registries that carry a cosign signature of the organization\'s signer (imageSigning).';
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: IMAGES_SIGNED_RULE_ID.toLowerCase(),
      annotations: {
        'policies.kyverno.io/title': IMAGES_SIGNED_RULE_ID,
        'policies.kyverno.io/category': 'images-signed',
        'policies.kyverno.io/severity': 'high',
        'policies.kyverno.io/subject': 'Pod',
        'policies.kyverno.io/description': `${description} Remediation: sign the release image in CI (cosign sign) with the identity or key of imageSigning.`,
        // Verification and the digest it pins apply to Pods; see above for why not to their controllers.
        'pod-policies.kyverno.io/autogen-controllers': 'none',
        [RULE_ID_ANNOTATION]: IMAGES_SIGNED_RULE_ID,
        [CONTROLS_ANNOTATION]: 'images-signed',
        ...(options.kyvernoVersion ? { 'kyverno.io/kyverno-version': options.kyvernoVersion } : {}),
      },
    },
    spec: {
      background: false,
      // Fail closed; a signature check makes registry and transparency-log round trips, hence the longer timeout.
      webhookConfiguration: { failurePolicy: 'Fail', timeoutSeconds: 30 },
      rules: [{
        name: 'verify-signatures',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        ...(options.excludedNamespaces.length > 0 ? { exclude: { any: [{ resources: { namespaces: [...options.excludedNamespaces] } }] } } : {}),
        verifyImages: [{
          imageReferences: options.registries.map((prefix) => `${prefix}*`),
          failureAction: 'Enforce',
          type: 'Cosign',
          required: true,
          mutateDigest: true,
          verifyDigest: false,
          useCache: true,
          imageRegistryCredentials: { providers: [REGISTRY_CREDENTIAL_PROVIDER[options.cloud]] },
          attestors: [{ count: 1, entries }],
        }],
      }],
    },
  };
}
