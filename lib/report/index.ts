export * from './graph';
export * from './mermaid';
export * from './html';
