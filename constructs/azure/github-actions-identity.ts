import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Problems } from '../../core/problems';

/** The issuer of GitHub Actions OIDC tokens. */
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
/** The audience `azure/login` asks GitHub for. */
const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
const REPOSITORY = /^[A-Za-z\d](?:[A-Za-z\d]|-(?=[A-Za-z\d])){0,38}\/[\w.-]{1,100}$/;
const EXACT_NAME = /^[\w.-]{1,255}$/;

/** Properties of an {@link AzureGitHubActionsIdentity}. */
export interface AzureGitHubActionsIdentityProps {
  /** Name of the user-assigned identity, 3 to 128 characters. */
  readonly name: string;
  /** Azure region of the identity, e.g. "westeurope". */
  readonly location: string;
  /** Resource group holding the identity, e.g. the registry's. */
  readonly resourceGroupName: string;
  /** The repository whose workflows sign in as the identity, `owner/name`. */
  readonly repository: string;
  /** The GitHub environment a job must run in: the federated credential's subject is `repo:<repository>:environment:<env>`. */
  readonly environment: string;
  /**
   * Container registries (resource ids) the identity may push to, with `AcrPush` on each registry.
   * @default - none
   */
  readonly pushRegistryIds?: string[];
  /**
   * Tags of the identity.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * An Entra ID identity that GitHub Actions workflows of one repository sign in as, only from one GitHub environment:
 * a user-assigned managed identity with one federated identity credential (issuer GitHub, the exact subject
 * `repo:<owner>/<repo>:environment:<env>`, audience `api://AzureADTokenExchange`). No client secret exists.
 *
 * Given `pushRegistryIds`, it holds `AcrPush` on those registries: ACR's built-in roles scope to a registry, so a
 * team's workflow can push to any repository of the environment's registry; the subject keeps other repositories'
 * and environments' workflows out.
 */
export class AzureGitHubActionsIdentity extends Construct {
  /** The user-assigned managed identity. */
  public readonly identity: UserAssignedIdentity;
  /** The federated credential trusting the repository's environment. */
  public readonly federatedCredential: FederatedIdentityCredential;
  /** `AcrPush` on each registry, in the order of `pushRegistryIds`. */
  public readonly pushRoleAssignments: RoleAssignment[];
  /** The exact subject the credential trusts. */
  public readonly subject: string;
  /** Client id of the identity: what `azure/login` takes as `client-id`. */
  public readonly clientId: string;
  /** Tenant id of the identity: what `azure/login` takes as `tenant-id`. */
  public readonly tenantId: string;

  constructor(scope: Construct, id: string, props: AzureGitHubActionsIdentityProps) {
    super(scope, id);
    this.node.addValidation(validate(props));
    this.subject = `repo:${props.repository}:environment:${props.environment}`;
    this.identity = new UserAssignedIdentity(this, 'Resource', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
    });
    this.federatedCredential = new FederatedIdentityCredential(this, 'FederatedCredential', {
      name: 'github-actions',
      resourceGroupName: props.resourceGroupName,
      parentId: this.identity.id,
      issuer: GITHUB_ISSUER,
      subject: this.subject,
      audience: [TOKEN_EXCHANGE_AUDIENCE],
    });
    this.pushRoleAssignments = (props.pushRegistryIds ?? []).map((registryId, index) => new RoleAssignment(this, `Push${index}`, {
      scope: registryId,
      roleDefinitionName: 'AcrPush',
      principalId: this.identity.principalId,
      principalType: 'ServicePrincipal',
      // A new identity takes a while to replicate in Entra ID; without this the assignment can fail.
      skipServicePrincipalAadCheck: true,
    }));
    this.clientId = this.identity.clientId;
    this.tenantId = this.identity.tenantId;
  }
}

function validate(props: AzureGitHubActionsIdentityProps): Problems {
  const problems = new Problems('AzureGitHubActionsIdentity');
  if (!Token.isUnresolved(props.name) && !/^[A-Za-z\d][\w-]{2,127}$/.test(props.name)) {
    problems.invalid('name', props.name, 'is not a managed identity name', '3 to 128 letters, digits, "-" and "_", starting with a letter or digit');
  }
  if (!Token.isUnresolved(props.repository) && !REPOSITORY.test(props.repository)) {
    problems.invalid('repository', props.repository, 'is not a GitHub repository', 'owner/name, like acme/payments, without wildcards');
  }
  if (!Token.isUnresolved(props.environment) && !EXACT_NAME.test(props.environment)) {
    problems.invalid('environment', props.environment, 'is not an exact name', 'letters, digits, ".", "-" and "_": a wildcard would admit any workflow');
  }
  return problems;
}
