export * from './types';
export * from './stateful';
export * from './diff';
export * from './cloudformation';
export * from './terraform';
export * from './kubernetes';
export * from './report';
