/** What readiness tolerates, from the configuration (PROJECTOR_STUCK_AFTER_MS). */
export interface HealthLimits {
  projectorStuckAfterMs: number;
}

export const HEALTH_LIMITS = Symbol('HealthLimits');
