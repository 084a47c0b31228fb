export * from './types';
export * from './tiers';
export * from './tags';
export * from './errors';
export * from './network-plan';
export * from './regions';
export { validateOrganizationSpec } from './validate';
export * from './organization';
