export * from './network';
