export * from './types';
export * from './tiers';
export * from './tags';
export * from './errors';
export * from './network-plan';
export * from './regions';
export { validateOrganizationSpec, MAX_TEAM_STACK_RESOURCES } from './validate';
export * from './organization';
