import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FileStore } from '../src/index.js';
import { authedClient, expectEnvelope, makePartner, startTestSandbox, useTempDir } from './helpers.js';

// An answer never acknowledges a write a crash could still take back: when the store file can no longer be
// written, the request whose commit did not reach the disk is answered 500, and so is every write after it.

const dir = useTempDir('zest-sandbox-write-failure-');

it('answers 500 for a commit the store file could not take, and refuses further writes the same way', async () => {
  const path = join(dir, 'broken.zest');
  const store = new FileStore(path, { notice: () => {} });
  const partner = makePartner();
  const sandbox = await startTestSandbox([partner], { store });
  try {
    const api = await authedClient(sandbox, partner);
    const create = (id: string) =>
      api.call('POST', '/v1/investors', {
        json: {
          investors: [
            {
              partnerInvestorId: id,
              email: `${id}@example.com`,
              firstName: 'L',
              lastName: 'Ost',
              dateOfBirth: '1990-01-01',
            },
          ],
        },
      });
    expect((await create('kept')).status).toBe(200);
    await store.durable();
    // Swap the store's file descriptor for a read-only one on the same file: its next write fails (EBADF).
    const internal = store as unknown as { fd: number };
    closeSync(internal.fd);
    internal.fd = openSync(path, 'r');
    expectEnvelope(await create('lost'), 500, 'internal_error');
    expectEnvelope(await create('later'), 500, 'internal_error');
    await expect(store.durable()).rejects.toThrow(/cannot write the store file/);
  } finally {
    await sandbox.stop().catch(() => {});
  }
});
