import { SandboxOptionsError } from '../options.js';
import { plainHttpUrl } from '../plain-url.js';
import { DELIVERY_STATUSES } from '../webhooks/outbox.js';
import {
  adminCall,
  DEFAULT_URL_TEXT,
  defaultSandboxUrl,
  expectAnswer,
  TIMEOUT_OPTION,
  timeoutSeconds,
} from './admin-client.js';
import { parseCommandLine } from './args.js';

export const DELIVERIES_USAGE = `zest-sandbox deliveries — list a running sandbox's recent webhook deliveries, or re-send one

Usage: zest-sandbox deliveries [--url <sandbox>] [--limit <n>] [--status <s>] [--event-type <t>] [--timeout <s>]
       zest-sandbox deliveries --replay <deliveryId> [--url <sandbox>] [--timeout <s>]

  --url <url>             the running sandbox (default ${DEFAULT_URL_TEXT})
  --limit <n>             newest n deliveries (default 20)
  --status <s>            only ${DELIVERY_STATUSES.join(', ')} ones
  --event-type <t>        only this event type
  --replay <deliveryId>   send that delivery again now: the same eventId and bytes, signed afresh
                          (your receiver should see the eventId again and deduplicate it)
  --timeout <s>           seconds to wait for the sandbox's answer (default 30)
`;

interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  clientId: string;
  status: string;
  createdAt: string;
  attempts?: { statusCode?: number; error?: string }[];
}

function lastOutcome(row: DeliveryView): string {
  const last = row.attempts?.[row.attempts.length - 1];
  if (!last) return '-';
  return last.statusCode !== undefined ? String(last.statusCode) : (last.error ?? '-');
}

/** A fixed-width table, newest first. */
export function deliveryTable(rows: DeliveryView[]): string {
  const header = ['DELIVERY', 'EVENT TYPE', 'STATUS', 'ATTEMPTS', 'LAST', 'EVENT ID', 'CREATED'];
  const lines = rows.map((r) => [
    r.id,
    r.eventType,
    r.status,
    String(r.attempts?.length ?? 0),
    lastOutcome(r),
    r.eventId,
    r.createdAt,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines]
    .map((cells) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function deliveriesCommand(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
): Promise<void> {
  const { values } = parseCommandLine({
    args: argv,
    options: {
      url: { type: 'string', default: defaultSandboxUrl() },
      limit: { type: 'string', default: '20' },
      status: { type: 'string' },
      'event-type': { type: 'string' },
      replay: { type: 'string' },
      help: { type: 'boolean', default: false },
      ...TIMEOUT_OPTION,
    },
  });
  if (values.help) return out(DELIVERIES_USAGE);
  const url = plainHttpUrl(values.url, '--url');
  const timeoutMs = timeoutSeconds(values.timeout) * 1000;
  const status = values.status;
  if (status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(status))
    throw new SandboxOptionsError(`--status must be one of ${DELIVERY_STATUSES.join(', ')}, got "${status}"`);
  if (values.replay !== undefined) return out(await replay(url, values.replay, timeoutMs));
  // A safe integer: 1e20 passed Number.isInteger here and was then refused by the sandbox as a bad `newest`.
  const limit = Number(values.limit);
  if (!/^\d+$/.test(values.limit!) || !Number.isSafeInteger(limit) || limit < 1)
    throw new SandboxOptionsError(`--limit must be a positive integer, got "${values.limit}"`);
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (values['event-type']) query.set('eventType', values['event-type']);
  query.set('newest', String(limit));
  const answer = await adminCall(url, 'GET', `/sandbox/webhook-deliveries?${query}`, undefined, timeoutMs);
  const { deliveries, total } = expectAnswer<{ deliveries: DeliveryView[]; total: number }>(
    answer,
    'the deliveries list',
    url,
    { arrays: ['deliveries'] },
  );
  for (const row of deliveries) expectAnswer(row, 'a delivery', url, { fields: ROW_FIELDS });
  const newest = deliveries.reverse();
  if (newest.length === 0) return out(`No webhook deliveries on ${url} yet.\n`);
  out(`${deliveryTable(newest)}\n${newest.length} of ${total} deliveries; re-send one with --replay <deliveryId>\n`);
}

/** The string fields of a delivery that the table and the replay line print. */
const ROW_FIELDS = ['id', 'eventType', 'status', 'eventId', 'createdAt'];

/** `--replay <id>`: asks the sandbox to send the delivery again; the line to print. */
async function replay(url: string, id: string, timeoutMs: number): Promise<string> {
  const path = `/sandbox/webhook-deliveries/${encodeURIComponent(id)}/redeliver`;
  const row = expectAnswer<DeliveryView>(await adminCall(url, 'POST', path, {}, timeoutMs), 'the replay', url, {
    fields: ROW_FIELDS,
  });
  return `Replaying ${row.id}: ${row.eventType} event ${row.eventId} (same eventId, fresh signature); status ${row.status}\n`;
}
