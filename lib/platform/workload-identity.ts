import type { Construct } from 'constructs';
import type { IEksCluster } from '../../constructs/aws/eks-cluster';
import type { EksPodIdentity } from '../../constructs/aws/pod-identity';
import type { IAksCluster } from '../../constructs/azure/aks-cluster-ref';
import type { AzureWorkloadIdentity } from '../../constructs/azure/workload-identity';
import type { GcpWorkloadIdentity } from '../../constructs/gcp/workload-identity';
import type { Cloud } from '../spec';

/* eslint-disable @typescript-eslint/no-require-imports */

/** An IAM statement, as data. */
export interface AwsAccessStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** What a workload may do on each cloud. A cloud left out gets an identity with no permissions. */
export interface WorkloadCloudAccess {
  /** AWS: managed policies and inline statements of the pod identity role. */
  readonly aws?: { readonly managedPolicyArns?: readonly string[]; readonly statements?: readonly AwsAccessStatement[] };
  /**
   * Azure: roles of the user-assigned identity. A role without `scope` applies to the cluster's resource group.
   * Keep the list append-only: each assignment's Terraform address is its position.
   */
  readonly azure?: { readonly roleAssignments?: readonly { readonly roleDefinitionName: string; readonly scope?: string }[] };
  /** GCP: project roles of the Google service account. Basic roles are refused. */
  readonly gcp?: { readonly projectRoles?: readonly string[] };
}

/** Properties of a {@link WorkloadIdentity}. */
export interface WorkloadIdentityProps {
  /** Kubernetes namespace of the workload. */
  readonly namespace: string;
  /** Kubernetes service account the workload runs as. */
  readonly serviceAccount: string;
  /** @default - no permissions on any cloud (the identity can sign in, nothing more) */
  readonly access?: WorkloadCloudAccess;
}

/** Where {@link WorkloadIdentity.bindAzure} puts the identity. */
export interface AzureBindingOptions {
  /** The cluster whose OIDC issuer the identity trusts; roles without a scope apply to its resource group. */
  readonly cluster: IAksCluster;
  readonly namePrefix: string;
  readonly location: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/** Per-cloud facts the Kubernetes service account needs. */
export interface ServiceAccountBinding {
  readonly cloud: Cloud;
  /** GCP: the Google service account email (deterministic: {@link WorkloadIdentity.gcpEmail}). */
  readonly gcpEmail?: string;
  /**
   * Azure: the identity's client id. Entra ID assigns it at `terraform apply`, so synth cannot know it: pass the
   * value of the Terraform output {@link WorkloadIdentity.azureClientIdOutput}. When it is absent the service
   * account names that output in the annotation `baseline.io/azure-client-id-output`, and pods cannot sign in yet.
   */
  readonly azureClientId?: string;
  /** Extra labels, e.g. the mandatory labels. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Resolves `{account}`, `{region}` and `{partition}` in an ARN to the stack's own, so one grant in the spec names
 * each environment's resource exactly instead of with a wildcard.
 */
function inStack(scope: Construct, arn: string): string {
  const { Stack } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const stack = Stack.of(scope);
  return arn.replace(/\{account\}/g, stack.account).replace(/\{region\}/g, stack.region).replace(/\{partition\}/g, stack.partition);
}

/** Annotation on the service account naming the Terraform output that holds its Azure client id. */
export const AZURE_CLIENT_ID_OUTPUT_ANNOTATION = 'baseline.io/azure-client-id-output';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * One grant, every cloud: the cloud identity of one Kubernetes service account, so workloads never use node-wide
 * permissions or static keys.
 *
 * A grant is declared once and bound into each cloud's stack, because the three engines build separate trees:
 * - {@link bindAws}: an IAM role and an EKS Pod Identity association (no annotation needed);
 * - {@link bindAzure}: a user-assigned identity with a federated credential for the AKS OIDC issuer;
 * - {@link bindGcp}: a Google service account with `roles/iam.workloadIdentityUser` for the KSA;
 * - {@link serviceAccount}: the cdk8s `ServiceAccount` with the annotations each cloud needs
 *   (token automount off; the webhooks and the GKE metadata server provide credentials).
 *
 * Each engine is loaded only when its binding is used, so a GCP-only synth never loads aws-cdk-lib.
 */
export class WorkloadIdentity {
  public readonly namespace: string;
  public readonly serviceAccountName: string;
  public readonly access: WorkloadCloudAccess;

  constructor(props: WorkloadIdentityProps) {
    const problems: string[] = [];
    if (!DNS_LABEL.test(props.namespace)) {
      problems.push(`namespace "${props.namespace}" is not a Kubernetes namespace name (expected a DNS label like payments)`);
    }
    if (!DNS_SUBDOMAIN.test(props.serviceAccount)) {
      problems.push(`serviceAccount "${props.serviceAccount}" is not a Kubernetes service account name (expected a DNS subdomain like payments-api)`);
    }
    (props.access?.aws?.statements ?? []).forEach((s, i) => {
      if (s.actions.length === 0 || s.resources.length === 0) {
        problems.push(`access.aws.statements[${i}] has ${s.actions.length === 0 ? 'no actions' : 'no resources'} (expected at least one of each; a statement without them grants nothing or everything)`);
      }
      if (s.actions.some((a) => a === '*') || (s.resources.some((r) => r === '*') && s.actions.some((a) => a.endsWith(':*')))) {
        problems.push(`access.aws.statements[${i}] grants "*" (expected named actions on named resources; least privilege)`);
      }
    });
    if (problems.length > 0) throw new Error(problems.map((p) => `WorkloadIdentity: ${p}`).join('\n'));
    this.namespace = props.namespace;
    this.serviceAccountName = props.serviceAccount;
    this.access = props.access ?? {};
  }

  /** The Terraform output of an Azure stack that holds this identity's client id after apply. */
  public get azureClientIdOutput(): string {
    return `workload_identity_${this.namespace}_${this.serviceAccountName}_client_id`.replace(/[^a-zA-Z0-9_]/g, '_');
  }

  /** The Google service account email, known at synth time. */
  public gcpEmail(project: string, namePrefix: string): string {
    const { GcpWorkloadIdentity: Gcp } = require('../../constructs/gcp/workload-identity') as typeof import('../../constructs/gcp/workload-identity');
    return Gcp.emailOf({ project, namePrefix, namespace: this.namespace, serviceAccount: this.serviceAccountName });
  }

  /** Binds the grant into an AWS stack: IAM role plus EKS Pod Identity association. */
  public bindAws(scope: Construct, id: string, cluster: IEksCluster): EksPodIdentity {
    const iam = require('aws-cdk-lib/aws-iam') as typeof import('aws-cdk-lib/aws-iam');
    const { EksPodIdentity: Pod } = require('../../constructs/aws/pod-identity') as typeof import('../../constructs/aws/pod-identity');
    const aws = this.access.aws ?? {};
    return new Pod(scope, id, {
      cluster,
      namespace: this.namespace,
      serviceAccount: this.serviceAccountName,
      managedPolicies: (aws.managedPolicyArns ?? []).map((arn, i) => iam.ManagedPolicy.fromManagedPolicyArn(scope, `${id}ManagedPolicy${i}`, arn)),
      policyStatements: (aws.statements ?? []).map((s) => new iam.PolicyStatement({
        actions: [...s.actions],
        resources: s.resources.map((r) => inStack(scope, r)),
      })),
    });
  }

  /** Binds the grant into an Azure stack: identity, federated credential, roles, and the client id as a Terraform output. */
  public bindAzure(scope: Construct, id: string, options: AzureBindingOptions): AzureWorkloadIdentity {
    const { AzureWorkloadIdentity: Azure } = require('../../constructs/azure/workload-identity') as typeof import('../../constructs/azure/workload-identity');
    const { TerraformOutput } = require('cdktf') as typeof import('cdktf');
    const identity = new Azure(scope, id, {
      namePrefix: options.namePrefix,
      location: options.location,
      resourceGroupName: options.cluster.resourceGroupName,
      oidcIssuerUrl: options.cluster.oidcIssuerUrl,
      namespace: this.namespace,
      serviceAccount: this.serviceAccountName,
      roleAssignments: (this.access.azure?.roleAssignments ?? []).map((r) => ({
        roleDefinitionName: r.roleDefinitionName,
        scope: r.scope ?? options.cluster.resourceGroupId,
      })),
      tags: options.tags,
    });
    const output = new TerraformOutput(scope, `${id}ClientId`, {
      value: identity.clientId,
      description: `Client id of the workload identity of ${this.namespace}/${this.serviceAccountName}: the value of its service account annotation azure.workload.identity/client-id`,
    });
    output.overrideLogicalId(this.azureClientIdOutput);
    return identity;
  }

  /** Binds the grant into a GCP stack: Google service account with Workload Identity user binding and roles. */
  public bindGcp(scope: Construct, id: string, options: { project: string; namePrefix: string; workloadPool: string }): GcpWorkloadIdentity {
    const { GcpWorkloadIdentity: Gcp } = require('../../constructs/gcp/workload-identity') as typeof import('../../constructs/gcp/workload-identity');
    return new Gcp(scope, id, {
      project: options.project,
      namePrefix: options.namePrefix,
      namespace: this.namespace,
      serviceAccount: this.serviceAccountName,
      workloadPool: options.workloadPool,
      projectRoles: [...(this.access.gcp?.projectRoles ?? [])],
    });
  }

  /** Labels the pods of this identity need on `cloud` (Azure's webhook acts only on labelled pods). */
  public podLabels(cloud: Cloud): Record<string, string> {
    return cloud === 'azure' ? { 'azure.workload.identity/use': 'true' } : {};
  }

  /** The annotations the Kubernetes service account needs on a cloud. */
  public annotations(binding: ServiceAccountBinding): Record<string, string> {
    switch (binding.cloud) {
      case 'aws':
        return {}; // EKS Pod Identity binds by namespace/name in the association; nothing to annotate.
      case 'azure':
        return binding.azureClientId
          ? { 'azure.workload.identity/client-id': binding.azureClientId }
          : { [AZURE_CLIENT_ID_OUTPUT_ANNOTATION]: this.azureClientIdOutput };
      case 'gcp':
        if (!binding.gcpEmail) {
          throw new Error(`WorkloadIdentity: the GCP binding of ${this.namespace}/${this.serviceAccountName} needs gcpEmail `
            + '(expected WorkloadIdentity.gcpEmail(project, namePrefix))');
        }
        return { 'iam.gke.io/gcp-service-account': binding.gcpEmail };
    }
  }

  /** The Kubernetes ServiceAccount, annotated for the cloud, with token automount off. */
  public serviceAccount(scope: Construct, id: string, binding: ServiceAccountBinding): import('cdk8s').ApiObject {
    const { KubeServiceAccount } = require('cdk8s-plus-28/lib/imports/k8s') as typeof import('cdk8s-plus-28/lib/imports/k8s');
    return new KubeServiceAccount(scope, id, {
      metadata: {
        name: this.serviceAccountName,
        namespace: this.namespace,
        labels: { ...binding.labels },
        annotations: this.annotations(binding),
      },
      automountServiceAccountToken: false,
    });
  }
}
