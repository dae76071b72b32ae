import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { PAGE, type PageDefinition } from './page-definition.js';
import { PageInterceptor } from './page.interceptor.js';

export type { PageDefinition } from './page-definition.js';

/** Answers a browser (which asks for HTML first) with the page, and everyone else with JSON. */
export const Page = <Answer, More = undefined>(page: PageDefinition<Answer, More>) =>
  applyDecorators(SetMetadata(PAGE, page), UseInterceptors(PageInterceptor));
