/** Today's date in the service's calendar (UTC), for judging what is overdue. */
export const today = (): string => new Date().toISOString().slice(0, 10);
