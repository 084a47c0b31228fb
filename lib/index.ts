// The root entry point loads no engine: the spec is pure data and `synthesize` loads each engine on first use.
export * from './spec';
export { naming } from './naming';
export * from './platform';
export * from './artifacts';
export * from './standards';
export * from './monitoring';
