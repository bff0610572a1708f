import { type TriggerResult, webhookEventTypes } from '../admin/trigger.js';
import { SandboxOptionsError } from '../options.js';
import { plainHttpUrl } from '../plain-url.js';
import { loadBundledSpec } from '../spec/openapi.js';
import {
  adminCall,
  DEFAULT_URL_TEXT,
  defaultSandboxUrl,
  expectAnswer,
  TIMEOUT_OPTION,
  timeoutSeconds,
} from './admin-client.js';
import { parseCommandLine } from './args.js';

export const TRIGGER_USAGE = `zest-sandbox trigger — make a running sandbox send one webhook event to the partner's webhook URL

Usage: zest-sandbox trigger <eventType> [--url <sandbox>] [--client-id <id>] [--timeout <s>]
       zest-sandbox trigger --list

  <eventType>         one of the spec's webhook event types (see --list)
  --url <url>         the running sandbox (default ${DEFAULT_URL_TEXT})
  --client-id <id>    the partner to send to (needed when the sandbox has several)
  --timeout <s>       seconds to wait for the sandbox's answer (default 30)
  --list              print the event types and exit

The sandbox creates every record the event needs through the partner API and the admin operations (an upload
event first creates the SPV request, approves it, creates the investor and the subscription), so the payload
matches what a later GET returns. Those prerequisite steps send their own events too.
`;

/** `zest-sandbox trigger`: prints one line per thing done; throws (exit 1) with the valid types on a bad one. */
export async function triggerCommand(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
): Promise<void> {
  const { values, positionals } = parseCommandLine({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: defaultSandboxUrl() },
      'client-id': { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      ...TIMEOUT_OPTION,
    },
  });
  // The list comes from the spec's webhooks, the same document the sandbox serves, not from a list kept here.
  const types = webhookEventTypes(loadBundledSpec());
  if (values.help) return out(TRIGGER_USAGE);
  if (values.list) return out(`${types.join('\n')}\n`);
  const [eventType, ...rest] = positionals;
  if (!eventType || rest.length > 0)
    throw new SandboxOptionsError(`give exactly one event type; valid event types:\n  ${types.join('\n  ')}`);
  if (!types.includes(eventType))
    throw new SandboxOptionsError(`unknown event type "${eventType}"; valid event types:\n  ${types.join('\n  ')}`);
  const url = plainHttpUrl(values.url, '--url');
  const timeoutMs = timeoutSeconds(values.timeout) * 1000;
  const body = { eventType, ...(values['client-id'] ? { clientId: values['client-id'] } : {}) };
  const answer = await adminCall(url, 'POST', '/sandbox/triggers', body, timeoutMs);
  const result = expectAnswer<TriggerResult>(answer, 'the trigger', url, {
    fields: ['eventType', 'clientId', 'webhookUrl'],
    objects: ['delivery', 'created'],
  });
  expectAnswer(result.delivery, "the trigger's delivery", url, { fields: ['deliveryId', 'eventId', 'status'] });
  const created = Object.entries(result.created)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  out(
    [
      `Triggered ${result.eventType} for ${result.clientId} -> ${result.webhookUrl}`,
      `  delivery ${result.delivery.deliveryId} event ${result.delivery.eventId} (${result.delivery.status})`,
      `  created ${created}`,
      `  see it: zest-sandbox deliveries --url ${url}`,
      '',
    ].join('\n'),
  );
}
