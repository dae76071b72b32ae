import type { Request } from 'express';

/** A browser asks for HTML before JSON; API clients (curl, scripts, supertest) ask for JSON or anything. */
export const wantsHtml = (request: Request): boolean => request.accepts(['json', 'html']) === 'html';
