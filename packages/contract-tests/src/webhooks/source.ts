/** One webhook delivery as it arrived: the exact body bytes and headers, so the signature is checked on raw bytes. */
export interface ReceivedWebhook {
  body: Uint8Array;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Epoch ms at which the delivery was made (or received). */
  at: number;
  /** Where it came from, for messages: `receiver` or `sandbox delivery <id>`. */
  via: string;
}

/** Where the suite reads deliveries from: a loopback receiver or the sandbox's own delivery log. */
export interface WebhookSource {
  readonly kind: 'receiver' | 'sandbox-deliveries';
  /** Every delivery made since `sinceMs`. */
  collect(sinceMs: number): Promise<ReceivedWebhook[]>;
  stop(): Promise<void>;
}
