export * from './types';
export * from './controls';
export * from './engine';
export * from './exceptions';
export * from './report';
export * from './packs';
export * from './rules/kubernetes';
