import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from './clock.js';
import type { Store } from './store/store.js';

export interface FileRecord {
  fileId: string;
  kind: 'forms' | 'receipts';
  contentType: string;
  filename: string | undefined;
  size: number;
  sha256: string;
  bytes: Buffer;
  createdAt: string;
}

/** How long a signed file URL stays valid (sandbox clock). The service's expiry is undocumented. */
export const SIGNED_URL_TTL_SECONDS = 60 * 60;

/**
 * Uploaded files, stored content-addressed (the same bytes are stored once), and served back through
 * time-limited signed URLs on the sandbox itself: `/sandbox/files/<fileId>?expires=<unix>&sig=<hex>`, where sig is
 * an HMAC-SHA256 of `<fileId>.<expires>` under a per-store secret (kept in the store so URLs survive a restart).
 */
export class Files {
  private readonly secret: Buffer;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly baseUrl: () => string,
    private readonly ttlSeconds = SIGNED_URL_TTL_SECONDS,
  ) {
    let secret = store.get<string>('meta', 'fileUrlSecret');
    if (!secret) {
      secret = randomBytes(32).toString('hex');
      store.set('meta', 'fileUrlSecret', secret);
    }
    this.secret = Buffer.from(secret, 'hex');
  }

  save(kind: FileRecord['kind'], contentType: string, filename: string | undefined, bytes: Buffer): FileRecord {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const fileId = `${kind === 'forms' ? 'frm' : 'rcp'}_${sha256.slice(0, 32)}`;
    const existing = this.store.get<FileRecord>('files', fileId);
    if (existing) return existing;
    const record: FileRecord = {
      fileId,
      kind,
      contentType,
      filename,
      size: bytes.length,
      sha256,
      bytes,
      createdAt: this.clock.nowIso(),
    };
    this.store.set('files', fileId, record);
    return record;
  }

  signedUrl(fileId: string): string {
    const expires = Math.floor(this.clock.now() / 1000) + this.ttlSeconds;
    return `${this.baseUrl()}/sandbox/files/${fileId}?expires=${expires}&sig=${this.mac(fileId, expires)}`;
  }

  /** The file, when the signature is genuine and not expired; otherwise a reason. */
  open(fileId: string, expires: string | null, sig: string | null): FileRecord | 'expired' | 'invalid' {
    if (!expires || !sig || !/^\d+$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig)) return 'invalid';
    const expected = Buffer.from(this.mac(fileId, Number(expires)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'invalid';
    if (Number(expires) * 1000 < this.clock.now()) return 'expired';
    return this.store.get<FileRecord>('files', fileId) ?? 'invalid';
  }

  private mac(fileId: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${fileId}.${expires}`).digest('hex');
  }
}
