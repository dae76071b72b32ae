/**
 * The CalendarDays every handler, controller and page judges a day by ("today", "overdue", a bare
 * day in asOf/asAt), in the configured TIME_ZONE (Europe/London unless set).
 */
export const CALENDAR = Symbol('CalendarDays');
