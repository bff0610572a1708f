// Runs inside Chromium (served as-is, not transformed): exercises the built main entry with Web APIs only.
import * as auth from '/auth/index.js';

export async function run({ privateJwk, baseUrl, clientId, issuer }) {
  const file = await (await fetch('/vectors.json')).json();
  const verdicts = {};
  for (const v of file.vectors) {
    const bytes = Uint8Array.from(atob(v.payloadBase64), (c) => c.charCodeAt(0));
    try {
      await auth.verifyWebhook({
        payload: bytes,
        signatureHeader: v.signatureHeader,
        secret: v.secrets,
        toleranceSeconds: v.toleranceSeconds,
        now: v.now * 1000,
      });
      verdicts[v.name] = 'valid';
    } catch (e) {
      verdicts[v.name] = e.reason ?? String(e);
    }
  }
  const body = JSON.stringify({
    eventId: 'wde_browser',
    eventType: 'investor.created',
    occurredAt: '2026-05-07T12:00:00.000Z',
    data: {},
  });
  const header = await auth.signWebhook({ payload: body, secret: 'whsec_browser', timestamp: 1778150000 });

  const generated = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
  const own = await auth.createAssertion({ clientId, issuer, audience: baseUrl, privateKey: generated.privateKey });
  const ownVerified = await auth.verifyAssertion({
    assertion: own,
    audience: baseUrl,
    publicKey: generated.publicKey,
    issuer,
  });
  const wrongAudience = await auth
    .verifyAssertion({ assertion: own, audience: 'https://api.zestequity.com', publicKey: generated.publicKey })
    .catch((e) => e.reason);
  const refusedKey = await auth
    .createAssertion({ clientId, issuer, audience: baseUrl, privateKey: new TextEncoder().encode('hs256-secret') })
    .catch((e) => `${e.name}:${e.reason}`);

  const tokens = auth.createTokenProvider({ baseUrl, clientId, issuer, privateKey: privateJwk });
  const got = await Promise.all(Array.from({ length: 100 }, () => tokens.getToken()));

  const events = [];
  const handler = auth.createWebhookHandler({
    secret: 'whsec_browser',
    respond: 'after-processing',
    onError: () => {},
    onEvent: (e) => void events.push(e),
  });
  const fresh = await auth.signWebhook({ payload: body, secret: 'whsec_browser' });
  const ok = await handler(
    new Request(`${baseUrl}/hook`, { method: 'POST', headers: { 'Zest-Signature': fresh }, body }),
  );
  const bad = await handler(
    new Request(`${baseUrl}/hook`, { method: 'POST', headers: { 'Zest-Signature': header }, body }),
  );

  return {
    hasProcess: typeof globalThis.process !== 'undefined',
    verdicts,
    header,
    ownClient: ownVerified.clientId,
    wrongAudience,
    refusedKey,
    distinctTokens: [...new Set(got)],
    handlerStatuses: [ok.status, bad.status],
    handlerBad: await bad.json(),
    events: events.length,
  };
}
