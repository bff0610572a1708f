import type { Check } from './check.js';

export const healthCheck: Check = {
  id: 'system.health',
  title: 'GET /public/hc answers 200 without a token',
  tags: ['system'],
  operations: ['getHealth'],
  async run(ctx) {
    const response = await ctx.call('getHealth', { auth: false });
    ctx.expectStatus(response, 200, 'the health check');
  },
};
