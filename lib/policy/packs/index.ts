export * from './default-packs';
export * from './aws-nag';
export * from './cloudformation';
export * from './kubernetes';
export * from './organization';
export * from './terraform-azure';
export * from './terraform-gcp';
