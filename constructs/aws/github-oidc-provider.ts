import { Arn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** Host of the GitHub Actions OIDC issuer: the provider's URL and the prefix of its condition keys. */
export const GITHUB_ACTIONS_OIDC_HOST = 'token.actions.githubusercontent.com';
/** The audience `aws-actions/configure-aws-credentials` asks GitHub for. */
export const GITHUB_ACTIONS_AWS_AUDIENCE = 'sts.amazonaws.com';

/** Properties of a {@link GitHubOidcProvider}. */
export interface GitHubOidcProviderProps {
  /**
   * Create the provider in this stack. An account holds one provider per issuer: in every other stack of the same
   * account (another region, another environment) set `false`, and the provider is referred to by its ARN.
   * @default true
   */
  readonly create?: boolean;
}

/**
 * The IAM OIDC identity provider for GitHub Actions (`token.actions.githubusercontent.com`, audience
 * `sts.amazonaws.com`), so workflows get short-lived credentials by `sts:AssumeRoleWithWebIdentity` and no AWS key
 * is ever stored in GitHub. A plain `AWS::IAM::OIDCProvider` (no Lambda-backed custom resource); IAM verifies
 * GitHub's certificate through its own trusted root CAs, so no thumbprint is pinned.
 *
 * The provider trusts nobody by itself: each role that names it decides which repository and environment it admits
 * (see {@link GitHubActionsRole}).
 */
export class GitHubOidcProvider extends Construct {
  /** The ARN the provider has in the account of `scope`'s stack, whichever stack created it. */
  public static arnIn(scope: Construct): string {
    return Arn.format({ service: 'iam', region: '', resource: 'oidc-provider', resourceName: GITHUB_ACTIONS_OIDC_HOST }, Stack.of(scope));
  }

  /** The provider's ARN, `arn:<partition>:iam::<account>:oidc-provider/token.actions.githubusercontent.com`. */
  public readonly providerArn: string;
  /** The provider, when this stack creates it. */
  public readonly resource?: iam.CfnOIDCProvider;

  constructor(scope: Construct, id: string, props: GitHubOidcProviderProps = {}) {
    super(scope, id);
    if (props.create ?? true) {
      this.resource = new iam.CfnOIDCProvider(this, 'Resource', {
        url: `https://${GITHUB_ACTIONS_OIDC_HOST}`,
        clientIdList: [GITHUB_ACTIONS_AWS_AUDIENCE],
      });
      this.providerArn = this.resource.attrArn;
    } else {
      this.providerArn = GitHubOidcProvider.arnIn(this);
    }
  }
}
