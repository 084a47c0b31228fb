// The root entry point loads no engine: the spec is pure data and `synthesize` loads each engine on first use.
// Stack classes are importable by path (`cdk-enterprise-baseline/dist/lib/platform/aws-stack`) for team apps.
export * from './spec';
export { naming } from './naming';
export * from './platform';
