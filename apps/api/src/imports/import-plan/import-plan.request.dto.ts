import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches } from 'class-validator';

/** `?dryRun=true`: plan and summarise the import, write nothing. */
export class ImportPlanRequestDto {
  @ApiPropertyOptional({ description: 'Only say what the import would create and change; write nothing', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  dryRun?: boolean;

  @ApiPropertyOptional({
    description:
      "The day the workbook describes (YYYY-MM-DD): its statuses, completions and changes take effect then. Without it the day is found in the workbook (a date it states, its latest dated comment, when it was saved, the end of an ended plan's period, or today), and the summary's `asOf` says which",
    example: '2019-01-31',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a day as YYYY-MM-DD' })
  asOf?: string;
}

/** For the API description only: the multipart body. */
export class ImportPlanBodyDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The plan workbook: .xlsx or .csv, at most 20 MB' })
  file!: unknown;
}
