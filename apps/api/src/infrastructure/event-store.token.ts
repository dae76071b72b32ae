/** Injection token of the `EventStore` port; the adapter behind it is chosen at boot. */
export const EVENT_STORE = Symbol('EventStore');
