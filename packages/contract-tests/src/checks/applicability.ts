import type { ApplyContext } from './check.js';

/**
 * For behaviours only a target that keeps state can show (replays, pagination, lifecycles). The target's reason
 * follows a dash, not inside parentheses: it has its own, and the progress line puts the whole in parentheses again.
 */
export function needsState({ target }: ApplyContext): string | undefined {
  if (target.stateful) return undefined;
  return `needs a stateful target — ${target.statefulReason}`;
}

/** For subscriptions and uploads, which need an SPV the partner may subscribe to. */
export function needsSpv(context: ApplyContext): string | undefined {
  const stateless = needsState(context);
  if (stateless) return stateless;
  if (context.options.spvSlug) {
    return context.options.shareClassSlug
      ? undefined
      : '--spv-slug is set but --share-class-slug is not; both are needed to subscribe';
  }
  if (context.options.useSandboxAdmin !== false && context.target.sandboxAdmin) return undefined;
  return 'needs an approved SPV: pass --spv-slug and --share-class-slug, or target a sandbox with the /sandbox admin API';
}

/** For behaviours that need a reviewer's decision, which only the sandbox admin API can make on demand. */
export function needsSandboxAdmin(context: ApplyContext): string | undefined {
  const stateless = needsState(context);
  if (stateless) return stateless;
  if (context.options.useSandboxAdmin !== false && context.target.sandboxAdmin) return undefined;
  return 'needs a reviewer decision, which only the sandbox admin API (/sandbox/...) can make on demand';
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
