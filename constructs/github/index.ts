import { requireEngines } from '../private/engines';

// Before anything loads an engine: a missing one is one line naming what to install.
requireEngines('cdk-enterprise-baseline/github', ['cdktf', '@cdktf/provider-github', 'constructs']);

export * from './deployment-environment';
