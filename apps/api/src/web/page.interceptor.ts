import {
  Inject,
  Injectable,
  StreamableFile,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { QueryBus } from '@nestjs/cqrs';
import { from, of, switchMap, type Observable } from 'rxjs';
import type { CalendarDays } from '#domain';
import { CALENDAR } from '../infrastructure/calendar.token.js';
import { PAGE, type PageDefinition } from './page-definition.js';
import { WebViews } from './web-views.js';
import { wantsHtml } from './wants-html.js';

/** Renders the route's page for a browser; leaves the JSON answer as it is for anyone else. */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly views: WebViews,
    private readonly queryBus: QueryBus,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const page = this.reflector.get<PageDefinition<unknown, unknown> | undefined>(PAGE, context.getHandler());
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (!page || !wantsHtml(request)) return next.handle();
    const response = http.getResponse<Response>();
    return next.handle().pipe(
      switchMap((answer: unknown) =>
        // A file asked for (format=csv) is the file in a browser too: a download link on the page.
        answer instanceof StreamableFile
          ? of(answer)
          : from(
              (async () => {
                const more = page.load ? await page.load(answer, request, this.queryBus, this.calendar) : undefined;
                response.type('html');
                response.setHeader('Vary', 'Accept');
                return this.views.render(
                  page.template,
                  page.view(answer, request, more, this.calendar),
                  request,
                  response,
                );
              })(),
            ),
      ),
    );
  }
}
