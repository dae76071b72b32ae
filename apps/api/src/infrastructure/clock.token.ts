/** The Clock every handler judges "now" and "today" by (systemClock in the service; a fixed one in a test). */
export const CLOCK = Symbol('Clock');
