export * from './synthesize';
export * from './synthesize-artifacts';
export type { EnvironmentAwsStack, EnvironmentAwsStackProps } from './aws-stack';
export type { EnvironmentAzureStack, EnvironmentAzureStackProps } from './azure-stack';
export type { EnvironmentGcpStack, EnvironmentGcpStackProps } from './gcp-stack';
export type { EnvironmentBaselineChart, EnvironmentBaselineChartProps } from './kubernetes-chart';
export * from './workload-identity';
export * from './image-reference';
export type { EnvironmentMonitoringChart, EnvironmentMonitoringChartProps } from './monitoring-chart';
