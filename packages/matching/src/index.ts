export * from './catalog';
export * from './engine';
export * from './reason';
export * from './scoring';
