import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** `?dryRun=true`: plan and summarise the import, write nothing. */
export class ImportPlanRequestDto {
  @ApiPropertyOptional({ description: 'Only say what the import would create and change; write nothing', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

/** For the API description only: the multipart body. */
export class ImportPlanBodyDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The plan workbook: .xlsx or .csv, at most 20 MB' })
  file!: unknown;
}
