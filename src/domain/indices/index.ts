export * from './methodology.js';
export * from './score.js';
