import { Module } from '@nestjs/common';
import { GetAccessLogHandler } from './get-access-log/get-access-log.handler.js';
import { GetAccessLogHttpController } from './get-access-log/get-access-log.http.controller.js';

/** The log of every read that showed child-level words, as JSON pages or a CSV file (admins). */
@Module({
  controllers: [GetAccessLogHttpController],
  providers: [GetAccessLogHandler],
})
export class AccessLogModule {}
