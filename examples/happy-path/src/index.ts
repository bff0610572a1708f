export { runHappyPath, type HappyPathOptions, type HappyPathResult } from './happy-path.js';
