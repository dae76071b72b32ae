import { auditLogProjection } from '../audit-log/audit-log.projection.js';
import { currentStateProjection } from '../current-state/current-state.projection.js';
import type { Projection } from './projection.js';

export const allProjections: readonly Projection[] = [auditLogProjection, currentStateProjection];
