/** How a list names an action: by its ref ("Action 1.3"), or by the start of its words when it has none. */
export const actionLabel = (ref: string | null | undefined, description: string): string =>
  ref ? `Action ${ref}` : `Action "${description.length > 40 ? `${description.slice(0, 39)}…` : description}"`;
