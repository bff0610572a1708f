// The partner's webhook endpoint: keeps the raw bytes, verifies them with @zestequity/partner-auth and answers 200
// only to a delivery that verifies. The secret is read per request from the sandbox's development partner, which the
// sandbox creates after this receiver has to be listening (its URL is given to the sandbox at start).

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUTH_CONSTANTS, verifyWebhook, WebhookVerificationError } from '@zestequity/partner-auth';

const partnerFile = process.argv[2] ?? '.sandbox/partner.json';

function secret(): string {
  return (JSON.parse(readFileSync(partnerFile, 'utf8')) as { webhookSecret: string }).webhookSecret;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const header = req.headers[AUTH_CONSTANTS.signatureHeader.toLowerCase()];
    verifyWebhook({
      payload: Buffer.concat(chunks),
      signatureHeader: Array.isArray(header) ? header[0] : header,
      secret: secret(),
    }).then(
      (event) => {
        console.log(`verified ${event.eventId} ${event.eventType}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      },
      (error: unknown) => {
        const reason = error instanceof WebhookVerificationError ? error.reason : String(error);
        console.log(`rejected ${reason}`);
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: reason }));
      },
    );
  });
});

server.listen(0, '127.0.0.1', () => {
  console.log(`webhook receiver on http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
