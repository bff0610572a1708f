import { SandboxOptionsError } from './options.js';

/**
 * Fault injection for client tests, off by default. Each fault has a probability; decisions come from a seeded
 * PRNG so a failing test can be replayed with the same seed. Faults apply to `/v1` requests only (never to the
 * admin endpoints a test uses to drive the sandbox).
 */
export interface FaultsConfig {
  /** Commit the change, then destroy the socket instead of answering: the client sees a network error. */
  dropAfterCommit?: { probability: number };
  /** Answer 503 `service_unavailable` before doing anything. */
  serviceUnavailable?: { probability: number };
  /** Wait a random time in [minMs, maxMs] before handling the request. */
  latency?: { probability: number; minMs?: number; maxMs?: number };
  seed?: number;
}

export interface FaultDecision {
  latencyMs: number;
  unavailable: boolean;
  drop: boolean;
}

const NONE: FaultDecision = { latencyMs: 0, unavailable: false, drop: false };

/** mulberry32: tiny, fast, good enough for test dice. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULT_FIELDS = new Map<string, readonly string[]>([
  ['dropAfterCommit', ['probability']],
  ['serviceUnavailable', ['probability']],
  ['latency', ['probability', 'minMs', 'maxMs']],
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The config comes from a request body (`PUT /sandbox/faults`): only the documented names, as own properties, with
 * numbers where numbers belong. Anything else is refused rather than silently ignored or half-applied.
 */
function checkFaultsConfig(config: unknown): asserts config is FaultsConfig {
  if (!isRecord(config)) throw new SandboxOptionsError('faults must be an object');
  for (const name of Object.keys(config)) {
    const value = config[name];
    if (name === 'seed') {
      // An integer, as the admin spec says (`Faults.seed`): `1.5` was accepted and echoed back, an answer that broke it.
      if (!Number.isInteger(value)) throw new SandboxOptionsError('faults.seed must be an integer');
      continue;
    }
    const fields = FAULT_FIELDS.get(name);
    if (!fields)
      throw new SandboxOptionsError(
        `faults.${name} is not a fault; known: ${[...FAULT_FIELDS.keys()].join(', ')}, seed`,
      );
    if (!isRecord(value)) throw new SandboxOptionsError(`faults.${name} must be an object`);
    for (const field of Object.keys(value)) {
      if (!fields.includes(field))
        throw new SandboxOptionsError(
          `faults.${name}.${field} is not a setting of ${name}; known: ${fields.join(', ')}`,
        );
    }
    const p = value.probability;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1))
      throw new SandboxOptionsError(`faults.${name}.probability must be a number between 0 and 1`);
    for (const bound of ['minMs', 'maxMs']) {
      const ms = value[bound];
      if (ms !== undefined && (!Number.isInteger(ms) || (ms as number) < 0 || (ms as number) > 60_000)) {
        throw new SandboxOptionsError(`faults.${name}.${bound} must be a whole number of milliseconds from 0 to 60000`);
      }
    }
    // An empty range would silently run as a fixed minMs: more likely a typo than what was meant.
    if (typeof value.minMs === 'number' && typeof value.maxMs === 'number' && value.minMs > value.maxMs)
      throw new SandboxOptionsError(`faults.${name}.minMs (${value.minMs}) is above maxMs (${value.maxMs})`);
  }
}

export class Faults {
  private config: FaultsConfig = {};
  private random: () => number = mulberry32(0);
  private active = false;

  constructor(config?: FaultsConfig) {
    this.set(config ?? {});
  }

  set(config: FaultsConfig): void {
    checkFaultsConfig(config);
    this.config = config;
    this.random = mulberry32(config.seed ?? 1);
    this.active = Boolean(
      (config.dropAfterCommit?.probability ?? 0) > 0 ||
        (config.serviceUnavailable?.probability ?? 0) > 0 ||
        (config.latency?.probability ?? 0) > 0,
    );
  }

  get(): FaultsConfig {
    return this.config;
  }

  /** One decision per request, drawn in a fixed order so a seed always replays the same sequence. */
  decide(): FaultDecision {
    if (!this.active) return NONE;
    const { latency, serviceUnavailable, dropAfterCommit } = this.config;
    let latencyMs = 0;
    if (latency && this.random() < latency.probability) {
      const min = latency.minMs ?? 0;
      const max = Math.max(min, latency.maxMs ?? min);
      latencyMs = min + Math.floor(this.random() * (max - min + 1));
    }
    const unavailable = serviceUnavailable ? this.random() < serviceUnavailable.probability : false;
    const drop = dropAfterCommit ? this.random() < dropAfterCommit.probability : false;
    return { latencyMs, unavailable, drop };
  }
}
