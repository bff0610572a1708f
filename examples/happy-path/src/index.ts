export { type HappyPathOptions, type HappyPathResult, runHappyPath } from './happy-path.js';
