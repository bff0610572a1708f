export { createZestWebhookEndpoint, type Endpoint, type EndpointOptions } from './endpoint.js';
export { serve, toWebRequest, writeWebResponse } from './serve-node.js';
export { default as worker } from './worker.js';
