import { HttpException, HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { problem } from './problem.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in paths are UUIDs; anything else names nothing that exists (404), and is never a stream id. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value))
      throw new HttpException(
        problem(HttpStatus.NOT_FOUND, `No such resource: ${value.slice(0, 100)}`),
        HttpStatus.NOT_FOUND,
      );
    return value.toLowerCase();
  }
}
