import { KYVERNO_ADDON, KYVERNO_ADMISSION_SERVICE_ACCOUNT } from '../addons/kyverno';
import { naming } from '../naming';
import type { Cloud, Environment, Organization } from '../spec';
import { WorkloadIdentity, type WorkloadCloudAccess } from './workload-identity';

/**
 * Construct id of the image verifier's registry identity in every cloud's environment stack (`EksRegistryReader` on
 * AWS, a user-assigned identity on Azure, a Google service account on GCP). Contract: it derives the addresses.
 */
export const IMAGE_VERIFICATION_READER_ID = 'ImageVerificationReader';

/** The Azure role that reads images and their signatures from an ACR, and nothing else. */
export const ACR_PULL_ROLE = 'AcrPull';

/**
 * The workload identity of Kyverno's admission controller, which fetches each image's signature from the
 * environment's registry while it admits a pod. Its pods cannot borrow the nodes' registry access: EKS keeps the
 * instance metadata out of pods' reach (IMDSv2 hop limit 1), AKS gives the kubelet identity only to the kubelet, and
 * on GKE Workload Identity replaces the node service account with the pod's own. Without an identity of its own,
 * `verifyImages` finds no credentials and the fail-closed policy refuses every pod of the organization.
 *
 * `access` is the registry grant of the cloud it is bound into; the Kubernetes side needs only the names.
 */
export function imageVerificationIdentity(access?: WorkloadCloudAccess): WorkloadIdentity {
  return new WorkloadIdentity({ namespace: KYVERNO_ADDON.namespace, serviceAccount: KYVERNO_ADMISSION_SERVICE_ACCOUNT, access });
}

/**
 * The Kyverno chart values that hand the admission controller its registry identity on `cloud`:
 * - AKS: the service account's `azure.workload.identity/client-id` (from `azureClientIds`, the Azure stack's
 *   Terraform outputs; until they are given, the annotation naming the output) and the pod label the workload
 *   identity webhook acts on;
 * - GKE: the service account's `iam.gke.io/gcp-service-account`;
 * - EKS: nothing, the Pod Identity association binds by namespace and name.
 */
export function kyvernoRegistryIdentityValues(
  org: Organization,
  env: Environment,
  cloud: Cloud,
  azureClientIds?: Readonly<Record<string, string>>,
): Record<string, unknown> {
  if (cloud === 'aws') return {};
  const identity = imageVerificationIdentity();
  const annotations = identity.annotations({
    cloud,
    azureClientId: cloud === 'azure' ? azureClientIds?.[identity.azureClientIdOutput] : undefined,
    gcpEmail: cloud === 'gcp' ? identity.gcpEmail(env.gcp!.project, naming.namePrefix(org.name, env.name)) : undefined,
  });
  const podLabels = identity.podLabels(cloud);
  return {
    admissionController: {
      rbac: { serviceAccount: { annotations } },
      ...(Object.keys(podLabels).length > 0 && { podLabels }),
    },
  };
}
