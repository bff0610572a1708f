export { baselineRequest, exampleOf, type Fixtures } from './baseline.js';
export { type CountingFetch, createCountingFetch, type WireCounts } from './counting-fetch.js';
export { type Mutation, mutationsFor, REUSED_KEY_MARKER, sitesOf } from './mutations.js';
export { changedCollections, rows, type StateSnapshot, snapshotState } from './state.js';
export { describeRequest, send, urlOf, type WireAnswer, type WireBody, type WireRequest } from './wire.js';
