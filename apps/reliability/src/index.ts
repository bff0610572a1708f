export { makePartner, type TestPartner } from './partner.js';
export { createCountingFetch, type CountingFetch, type WireCounts } from './counting-fetch.js';
export { snapshotState, changedCollections, rows, type StateSnapshot } from './state.js';
export { loadSpec, listOperations, declares, errorValidators, type SpecOperation, type ErrorValidators } from './spec.js';
export { send, urlOf, describeRequest, type WireRequest, type WireAnswer, type WireBody } from './wire.js';
export { mutationsFor, sitesOf, REUSED_KEY_MARKER, type Mutation } from './mutations.js';
export { baselineRequest, exampleOf, type Fixtures } from './baseline.js';
