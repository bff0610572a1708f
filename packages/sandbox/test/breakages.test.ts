import { describe, expect, it } from 'vitest';
import { type Breakage, startSandbox } from '../src/index.js';
import { authedClient, makePartner, spvRequestBody, startTestSandbox } from './helpers.js';

async function withBreakages(breakages: Breakage[]) {
  const partner = makePartner();
  const sandbox = await startTestSandbox([partner], { breakages, validateResponses: false });
  return { sandbox, api: await authedClient(sandbox, partner) };
}

describe('test-only breakages', () => {
  it('are off by default: createdAt is present and replays do not execute', async () => {
    const { sandbox, api } = await withBreakages([]);
    try {
      const first = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'k' });
      expect(first.body.createdAt).toEqual(expect.any(String));
      await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'k' });
      expect((await api.call('GET', '/v1/spv-requests')).body.count).toBe(1);
    } finally {
      await sandbox.stop();
    }
  });

  it('spv-request-missing-field drops the required createdAt from every SpvRequestResponse body', async () => {
    const { sandbox, api } = await withBreakages(['spv-request-missing-field']);
    try {
      const created = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'k' });
      expect(created.status).toBe(201);
      expect(created.body).not.toHaveProperty('createdAt');
      expect(created.body).toHaveProperty('updatedAt');
      expect((await api.call('GET', `/v1/spv-requests/${created.body.spvRequestSlug}`)).body).not.toHaveProperty(
        'createdAt',
      );
      expect((await api.call('GET', '/v1/spv-requests')).body.documents[0]).not.toHaveProperty('createdAt');
      expect((await api.call('DELETE', `/v1/spv-requests/${created.body.spvRequestSlug}`)).body).not.toHaveProperty(
        'createdAt',
      );
    } finally {
      await sandbox.stop();
    }
  });

  it('idempotency-replay-reexecutes makes a replay execute again', async () => {
    const { sandbox, api } = await withBreakages(['idempotency-replay-reexecutes']);
    try {
      const first = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'k' });
      const second = await api.call('POST', '/v1/spv-requests', { json: spvRequestBody(), idempotencyKey: 'k' });
      expect(second.body.spvRequestSlug).not.toBe(first.body.spvRequestSlug);
      expect((await api.call('GET', '/v1/spv-requests')).body.count).toBe(2);
    } finally {
      await sandbox.stop();
    }
  });

  it('refuses unknown breakage names', async () => {
    await expect(startSandbox({ port: 0, breakages: ['nope' as Breakage] })).rejects.toThrow(/unknown breakage nope/);
  });
});
