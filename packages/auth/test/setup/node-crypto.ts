// The automatic choice on Node: node:crypto found through process.getBuiltinModule, without any static import.
import { activeHmacBackend, setHmacBackend } from '../../src/webhooks/hmac.js';

setHmacBackend('auto');
process.env.ZEST_AUTH_EXPECTED_BACKEND = 'node';
if (activeHmacBackend() !== 'node') throw new Error('node:crypto HMAC path not active');
