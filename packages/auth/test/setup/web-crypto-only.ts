// Hides Node's module loader from the library, the way a worker or a browser has none. The library reaches
// node:crypto only through process.getBuiltinModule, so its automatic choice must now fall back to crypto.subtle.
import { activeHmacBackend, setHmacBackend } from '../../src/webhooks/hmac.js';

Object.defineProperty(process, 'getBuiltinModule', { value: undefined, configurable: true, writable: true });
setHmacBackend('auto');
process.env.ZEST_AUTH_EXPECTED_BACKEND = 'webcrypto';
if (activeHmacBackend() !== 'webcrypto') throw new Error('Web Crypto HMAC path not active');
