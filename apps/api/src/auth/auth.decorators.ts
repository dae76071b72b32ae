import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '#event-store';
import type { Role } from '#read-store';

export const PUBLIC_ROUTE = 'oversight:public';
export const ALLOWED_ROLES = 'oversight:roles';

/** No credential needed: health checks and the API description. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Overrides the default (reads: every role; writes: managers and admins). */
export const AllowRoles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** The authenticated key holder, as the actor of the events this request appends. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<{ actor?: Actor }>().actor;
  if (!actor) throw new Error('CurrentActor used on a route the API key guard did not authenticate');
  // Who, as events record them: not what the key may read.
  return { id: actor.id, name: actor.name, role: actor.role };
});
