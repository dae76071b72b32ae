import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every request's id: the client's `X-Request-Id` when it is a UUID, else a new one (it goes into
 * the events a write appends, as their correlation id, so free text from a client never does).
 * Echoed on every response and put back on the request, where requestIdOf reads it.
 */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const sent = request.headers['x-request-id'];
  const id = typeof sent === 'string' && UUID.test(sent.trim()) ? sent.trim().toLowerCase() : randomUUID();
  request.headers['x-request-id'] = id;
  response.setHeader('X-Request-Id', id);
  next();
}

/** The id requestIdMiddleware gave the request. */
export const requestIdOf = (request: Request): string => {
  const id = request.headers['x-request-id'];
  return typeof id === 'string' && UUID.test(id) ? id : randomUUID();
};
