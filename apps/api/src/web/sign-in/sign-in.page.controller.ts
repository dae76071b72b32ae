import { Body, Controller, Get, HttpStatus, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeys, ROLES, SignIns } from '#read-store';
import { AllowRoles, Public } from '../../auth/auth.decorators.js';
import { FailedAuthentications } from '../../auth/failed-authentications.js';
import { logSecurityEvent } from '../../http/access-log.js';
import { WebViews } from '../web-views.js';
import { cookieOf, SESSION_COOKIE, WebSessions } from '../web-sessions.js';

/** Only a path on this service: never another site (`//evil.example`, `https:`), so sign-in cannot send a person away. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && value.length <= 2_000 ? value : '/plans';
}

/**
 * Signing in with a personal API key (the key `oversight keys create` made; on the embedded
 * store, one the start command printed), which starts a session kept on the server; and out.
 */
@ApiExcludeController()
@Controller()
export class SignInPageController {
  constructor(
    private readonly views: WebViews,
    private readonly sessions: WebSessions,
    @Inject(ApiKeys) private readonly apiKeys: ApiKeys,
    @Inject(SignIns) private readonly signIns: SignIns,
    private readonly failures: FailedAuthentications,
  ) {}

  private record(
    request: Request,
    outcome: 'signed-in' | 'refused' | 'signed-out',
    holder: { id: string; name: string; role: string } | null,
  ) {
    logSecurityEvent(request, outcome === 'refused' ? 'sign-in-refused' : outcome, { actorId: holder?.id ?? null });
    return this.signIns.record({
      outcome,
      keyId: holder?.id ?? null,
      holder: holder?.name ?? null,
      role: holder?.role ?? null,
      address: request.ip ?? 'unknown',
      userAgent: request.header('user-agent') ?? null,
    });
  }

  @Get()
  @Public()
  home(@Res() response: Response) {
    response.redirect(303, '/plans');
  }

  @Get('sign-in')
  @Public()
  signInPage(@Query('returnTo') returnTo: unknown, @Req() request: Request, @Res() response: Response) {
    response
      .type('html')
      .send(
        this.views.render(
          'web/sign-in/sign-in.njk',
          { returnTo: safeReturnTo(returnTo), errors: [] },
          request,
          response,
        ),
      );
  }

  @Post('sign-in')
  @Public()
  async signIn(@Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    const returnTo = safeReturnTo(body.returnTo);
    const apiKey = typeof body.apiKey === 'string' ? body.apiKey.trim() : '';
    // Sign-in is the same guess as a key in a header: it counts towards the address's failures.
    const address = request.ip ?? 'unknown';
    const blockedFor = this.failures.blockedFor(address);
    const holder =
      blockedFor > 0 || apiKey === '' || apiKey.length > 200 ? null : await this.apiKeys.authenticate(apiKey);
    if (!holder) {
      if (blockedFor === 0) {
        if (apiKey !== '') this.failures.fail(address);
        await this.record(request, 'refused', null);
      }
      if (blockedFor > 0) response.setHeader('Retry-After', String(Math.ceil(blockedFor / 1000)));
      const message =
        blockedFor > 0
          ? `Too many failed sign-ins from this address: try again in ${Math.ceil(blockedFor / 60_000)} minutes`
          : apiKey === ''
            ? 'Enter your API key'
            : 'The API key is not valid or has been revoked';
      response
        .status(
          blockedFor > 0
            ? HttpStatus.TOO_MANY_REQUESTS
            : apiKey === ''
              ? HttpStatus.BAD_REQUEST
              : HttpStatus.UNAUTHORIZED,
        )
        .type('html')
        .send(
          this.views.render(
            'web/sign-in/sign-in.njk',
            { returnTo, errors: [{ text: message, href: '#api-key' }] },
            request,
            response,
          ),
        );
      return;
    }
    this.sessions.end(cookieOf(request.header('cookie'), SESSION_COOKIE));
    const session = this.sessions.start(apiKey);
    await this.record(request, 'signed-in', holder);
    response.cookie(SESSION_COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.secure,
      path: '/',
      maxAge: this.sessions.absoluteMs,
    });
    response.redirect(303, returnTo);
  }

  /** Checked by the guard like any other POST of a session (it needs the session's CSRF token); every role may. */
  @Post('sign-out')
  @AllowRoles(...ROLES)
  async signOut(
    @Req() request: Request & { actor?: { id: string; name: string; role: string } },
    @Res() response: Response,
  ) {
    this.sessions.end(cookieOf(request.header('cookie'), SESSION_COOKIE));
    await this.record(request, 'signed-out', request.actor ?? null);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.redirect(303, '/sign-in');
  }
}
