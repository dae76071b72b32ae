import type { Request } from 'express';

/**
 * A link to this page with some query parameters changed (undefined or '' removes one), the
 * others kept, so filters survive paging, sorting and downloading. The read-your-writes wait of
 * the request is never carried on.
 */
export function linkWith(request: Request, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams(request.url.split('?')[1] ?? '');
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === '') params.delete(name);
    else params.set(name, value);
  }
  params.delete('waitFor');
  const query = params.toString();
  return `${request.path}${query ? `?${query}` : ''}`;
}
