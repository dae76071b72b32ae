import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** What every query accepts: the position of the caller's last write, to read it back. */
export class ReadQueryDto {
  @ApiPropertyOptional({ description: 'Wait until the read models include this global position (a write answers it)', example: 1207 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  waitFor?: number;
}

export class PagedQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize = 50;
}
