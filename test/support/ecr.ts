/** Fixtures shared by the tests of EcrRegistry and EcrRegistrySettings. */

/** The account of the test stacks: the repository policies name it. */
export const ACCOUNT = '111111111111';

/**
 * The repository policy both constructs give (EcrRegistry on every repository, EcrRegistrySettings on every replica):
 * every principal outside {@link ACCOUNT} is denied, except AWS services acting as themselves.
 */
export const DENY_OUTSIDE_ACCOUNT = {
  Version: '2012-10-17',
  Statement: [{
    Sid: 'DenyOutsideAccount',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 'ecr:*',
    Condition: {
      StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    },
  }],
};
