/** One webhook delivery as it arrived: the exact body bytes and headers, so the signature is checked on raw bytes. */
export interface ReceivedWebhook {
  body: Uint8Array;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Epoch ms at which the delivery was made (or received). */
  at: number;
  /** Where it came from, for messages. */
  via: string;
}

/**
 * Where the suite reads deliveries from: a receiver the target posts to, or the local sandbox's delivery log, which
 * keeps the exact bytes and `Zest-Signature` of every attempt.
 */
export interface WebhookSource {
  readonly kind: 'receiver' | 'sandbox-deliveries';
  /** Every delivery made since `sinceMs`. */
  collect(sinceMs: number): Promise<ReceivedWebhook[]>;
  stop(): Promise<void>;
}
