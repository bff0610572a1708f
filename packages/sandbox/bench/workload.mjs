// What the sandbox benchmarks send and the state they read, shared so that every bench measures the same requests.
import { fileURLToPath } from 'node:url';
import { specExample } from '@zestequity/testing';

/** The floor peer: a bare node:http server doing only JSON.parse and JSON.stringify (see the script's header). */
export const FLOOR_SCRIPT = fileURLToPath(new URL('./serve-floor.mjs', import.meta.url));

/** A bulk create of 100 investors whose partnerInvestorIds start with `prefix` (the goal operations' body). */
export function investorsBody(prefix) {
  const investors = Array.from({ length: 100 }, (_, i) => ({
    partnerInvestorId: `${prefix}-${i}`,
    email: `investor${i}@example.com`,
    firstName: 'Alice',
    lastName: 'Liddell',
    dateOfBirth: '1985-04-12',
    countryOfResidence: 'AE',
  }));
  return JSON.stringify({ investors });
}

/** The sandbox's state the operations read: an SPV request (the spec's own create example) and 100 investors. */
export async function seedSandbox(sandbox, auth, existing) {
  const created = await fetch(`${sandbox.url}/v1/spv-requests`, {
    method: 'POST',
    headers: { ...auth, 'idempotency-key': 'bench' },
    body: JSON.stringify(specExample('SpvRequestCreateSyndicateSecondary')),
  }).then((r) => r.json());
  const slug = created.spvRequestSlug;
  if (typeof slug !== 'string')
    throw new Error(`the sandbox did not create the SPV request: ${JSON.stringify(created)}`);
  await fetch(`${sandbox.url}/v1/investors`, { method: 'POST', headers: auth, body: existing });
  // The floor answers GET with the sandbox's own bytes for that request.
  const getAnswer = await fetch(`${sandbox.url}/v1/spv-requests/${slug}`, { headers: auth }).then((r) => r.text());
  return { slug, getAnswer };
}
