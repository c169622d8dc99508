// The one way a walk admits it no longer knows where it is.
import { ApiError } from '../errors.js';
import type { WalkContext } from './types.js';

/**
 * Every id of the window is gone from the list (deleted between two requests), so no request can
 * continue right after what was yielded last. Carries no resume cursor: resuming would only find
 * the same ids missing again. Status 0: no answer was wrong, the walk itself gives up (the last
 * 404 is the `cause` on marker walks).
 */
export function positionLost(ctx: WalkContext, where: string, cause?: unknown): ApiError {
  return new ApiError({
    status: 0,
    service: ctx.service,
    code: 'POSITION_LOST',
    message: `${ctx.service}: the walk lost its position: none of the ${ctx.window.size} backups it yielded last is on the list any more (${where}). Start a new walk.`,
    ...(cause === undefined ? {} : { cause }),
  });
}
