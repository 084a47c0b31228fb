export * from './types';
export * from './tiers';
export * from './tags';
export * from './errors';
export * from './network-plan';
export * from './regions';
export { validateOrganizationSpec, MAX_SERVICES_PER_TEAM } from './validate';
export * from './organization';
