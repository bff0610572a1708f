// "@zestequity/partner-auth/internal": helpers the SDK (@zestequity/partner-api-client) shares with this package, so
// that each exists once. Not for partners: no stability promise beyond what the SDK of the same release needs.

export { isFrameworkValidationError, isPartnerEnvelope } from './envelope.js';
export { describeFailure } from './errors.js';
export { parseRetryAfter } from './retry-after.js';
export { shareInFlight } from './share-in-flight.js';
