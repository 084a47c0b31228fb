import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { Problems } from '../../core/problems';

/** An Azure role that an {@link AzureWorkloadIdentity} holds on one scope. */
export interface AzureWorkloadIdentityRoleAssignment {
  /** Resource ID the role applies to, e.g. a Key Vault's or a storage account's `id`. Keep it as narrow as the workload allows. */
  readonly scope: string;
  /** Name of the role definition, e.g. "Key Vault Secrets User". */
  readonly roleDefinitionName: string;
}

/** Properties of an {@link AzureWorkloadIdentity}. */
export interface AzureWorkloadIdentityProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-dev". */
  readonly namePrefix: string;

  /** Azure region name of the identity, e.g. "westeurope". */
  readonly location: string;

  /** Resource group that holds the identity, e.g. the cluster's (`AksCluster.resourceGroup.name`). */
  readonly resourceGroupName: string;

  /** OIDC issuer URL of the cluster whose service account signs in (`AksCluster.oidcIssuerUrl`). */
  readonly oidcIssuerUrl: string;

  /** Kubernetes namespace of the service account. */
  readonly namespace: string;

  /** Name of the Kubernetes service account that signs in as this identity. */
  readonly serviceAccount: string;

  /**
   * Roles the identity holds. The list's order is part of the contract: each
   * assignment's Terraform address is its position, so append, never reorder.
   * @default [] (the identity can sign in but holds no role)
   */
  readonly roleAssignments?: AzureWorkloadIdentityRoleAssignment[];

  /**
   * Tags of the identity.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** The audience Entra ID expects in tokens exchanged for workload identity. */
const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
/** The annotation with which the AKS workload identity webhook finds a service account's identity. */
const CLIENT_ID_ANNOTATION = 'azure.workload.identity/client-id';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_NAMESPACE_LENGTH = 63;
const MAX_SERVICE_ACCOUNT_LENGTH = 253;
/** Managed identity names are 3-128 characters. */
const MAX_IDENTITY_NAME_LENGTH = 128;
/** Federated identity credential names are 3-120 characters. */
const MAX_CREDENTIAL_NAME_LENGTH = 120;

/**
 * An Entra ID identity for one Kubernetes service account, through AKS
 * workload identity: a user-assigned managed identity, a federated credential
 * that trusts tokens the cluster issues to exactly that service account, and
 * the identity's role assignments.
 *
 * No secret exists anywhere: the pod exchanges its projected service account
 * token for an Entra ID token. Annotate the service account with
 * {@link serviceAccountAnnotations} and label its pods
 * `azure.workload.identity/use: "true"`.
 */
export class AzureWorkloadIdentity extends Construct {
  /** The user-assigned managed identity. */
  public readonly identity: UserAssignedIdentity;
  /** The federated credential trusting the service account. */
  public readonly federatedCredential: FederatedIdentityCredential;
  /** The role assignments, in the order of `roleAssignments`. */
  public readonly roleAssignments: RoleAssignment[];
  /** Client ID of the identity, the value of the service account annotation `azure.workload.identity/client-id`. */
  public readonly clientId: string;
  /** Principal (object) ID of the identity, for further role assignments. */
  public readonly principalId: string;
  /** The annotations the Kubernetes service account needs. */
  public readonly serviceAccountAnnotations: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AzureWorkloadIdentityProps) {
    super(scope, id);
    this.node.addValidation(validate(props));

    const { namespace, serviceAccount } = props;
    // Service account names may contain dots, which Azure names refuse.
    const purpose = `${namespace}-${serviceAccount}`.replace(/\./g, '-');

    this.identity = new UserAssignedIdentity(this, 'Resource', {
      name: azureName('id', props.namePrefix, purpose),
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
    });

    this.federatedCredential = new FederatedIdentityCredential(this, 'FederatedCredential', {
      name: purpose,
      resourceGroupName: props.resourceGroupName,
      parentId: this.identity.id,
      issuer: props.oidcIssuerUrl,
      subject: `system:serviceaccount:${namespace}:${serviceAccount}`,
      audience: [TOKEN_EXCHANGE_AUDIENCE],
    });

    this.roleAssignments = (props.roleAssignments ?? []).map((assignment, index) =>
      new RoleAssignment(this, `RoleAssignment${index}`, {
        scope: assignment.scope,
        roleDefinitionName: assignment.roleDefinitionName,
        principalId: this.identity.principalId,
        principalType: 'ServicePrincipal',
        // A new identity takes a while to replicate in Entra ID; without this the assignment can fail.
        skipServicePrincipalAadCheck: true,
      }));

    this.clientId = this.identity.clientId;
    this.principalId = this.identity.principalId;
    this.serviceAccountAnnotations = { [CLIENT_ID_ANNOTATION]: this.clientId };
  }
}

/** Throws one Error listing every problem of `props`, one per line. */
function validate(props: AzureWorkloadIdentityProps): Problems {
  const problems = new Problems('AzureWorkloadIdentity');
  problems.push(...namePrefixProblems(props.namePrefix));
  problems.push(...locationProblems(props.location));

  const { namespace, serviceAccount, oidcIssuerUrl } = props;
  if (!Token.isUnresolved(oidcIssuerUrl) && !/^https:\/\/\S+$/.test(oidcIssuerUrl ?? '')) {
    problems.push(`oidcIssuerUrl "${oidcIssuerUrl}" is not an https URL (expected the cluster's OIDC issuer, like https://westeurope.oic.prod-aks.azure.com/<tenant>/<id>/)`);
  }
  const namespaceResolved = !Token.isUnresolved(namespace);
  if (namespaceResolved && (namespace.length > MAX_NAMESPACE_LENGTH || !DNS_LABEL.test(namespace))) {
    problems.push(`namespace "${namespace}" is not a Kubernetes namespace name (expected a DNS label of at most ${MAX_NAMESPACE_LENGTH} characters, like payments)`);
  }
  const serviceAccountResolved = !Token.isUnresolved(serviceAccount);
  if (serviceAccountResolved && (serviceAccount.length > MAX_SERVICE_ACCOUNT_LENGTH || !DNS_SUBDOMAIN.test(serviceAccount))) {
    problems.push(`serviceAccount "${serviceAccount}" is not a Kubernetes service account name (expected a DNS subdomain of at most ${MAX_SERVICE_ACCOUNT_LENGTH} characters, like payments-api)`);
  }
  if (namespaceResolved && serviceAccountResolved && !Token.isUnresolved(props.namePrefix)) {
    const purpose = `${namespace}-${serviceAccount}`;
    const identityName = azureName('id', props.namePrefix, purpose);
    if (identityName.length > MAX_IDENTITY_NAME_LENGTH) {
      problems.push(`identity name "${identityName}" is ${identityName.length} characters long (expected at most ${MAX_IDENTITY_NAME_LENGTH}; shorten namespace or serviceAccount)`);
    } else if (purpose.length > MAX_CREDENTIAL_NAME_LENGTH) {
      problems.push(`federated credential name "${purpose}" is ${purpose.length} characters long (expected at most ${MAX_CREDENTIAL_NAME_LENGTH}; shorten namespace or serviceAccount)`);
    }
  }

  (props.roleAssignments ?? []).forEach((assignment, index) => {
    if (!Token.isUnresolved(assignment.scope) && !/^\/\S*$/.test(assignment.scope ?? '')) {
      problems.push(`roleAssignments[${index}].scope "${assignment.scope}" is not a resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>)`);
    }
    if (!Token.isUnresolved(assignment.roleDefinitionName) && (assignment.roleDefinitionName ?? '').trim().length === 0) {
      problems.push(`roleAssignments[${index}].roleDefinitionName is empty (expected a role name, like Key Vault Secrets User)`);
    }
  });

  problems.push(...tagProblems('tags', props.tags ?? {}));

  return problems;
}
