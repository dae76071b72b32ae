import { Controller, Get, Inject } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SignIns, type SignInRecord } from '#read-store';
import { AllowRoles } from '../../auth/auth.decorators.js';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { Page } from '../page.decorator.js';
import { SignInDto } from './sign-ins.response.js';

const signInsPage = {
  template: 'web/sign-ins/sign-ins.njk',
  view: (entries: SignInRecord[]) => ({
    pageTitle: 'Sign-ins',
    entries,
    breadcrumbs: [{ text: 'Plans', href: '/plans' }, { text: 'Sign-ins' }],
  }),
};

/** Who signed in to the web interface, who was refused, and from where: for admins. */
@ApiTags('sign-ins')
@Controller('sign-ins')
export class SignInsHttpController {
  constructor(@Inject(SignIns) private readonly signIns: SignIns) {}

  @Get()
  @AllowRoles('admin')
  @Page(signInsPage)
  @ApiOperation({
    summary: 'The latest 200 sign-ins to the web interface, refusals and sign-outs, newest first (admins)',
  })
  @ApiOkResponse({
    description: 'Each with when, the outcome, the key holder when known, and the address it came from',
    type: SignInDto,
    isArray: true,
  })
  @ApiForbiddenResponse({ description: 'Only admins read the sign-ins', type: ProblemDto })
  latest() {
    return this.signIns.latest();
  }
}
