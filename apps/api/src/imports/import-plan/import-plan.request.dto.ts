import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { FIELDS, parseColumnMapping } from '#importer';

/** A query parameter given once is a string, given again a list: always a list here. */
const asList = ({ value }: { value: unknown }): unknown =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

/** Each `map` value is `<header>=<field>`, the field one of the importer's. */
@ValidatorConstraint({ name: 'columnMapping' })
class IsColumnMapping implements ValidatorConstraintInterface {
  validate(values: unknown): boolean {
    return (
      Array.isArray(values) &&
      values.every((value) => typeof value === 'string' && !('error' in parseColumnMapping(value)))
    );
  }

  defaultMessage(): string {
    return `each map must be <header>=<field>, the field one of: ${FIELDS.join(', ')}`;
  }
}

/** `?dryRun=true`: plan and summarise the import, write nothing. `map` and `ignoreColumn` say what to do with columns the importer does not recognise. */
export class ImportPlanRequestDto {
  @ApiPropertyOptional({
    description: 'Only say what the import would create and change; write nothing',
    default: false,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  )
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

  @ApiPropertyOptional({
    type: [String],
    description: `Read the column with this header as this field: \`<header>=<field>\`, repeatable (\`map=Notes for the board=comments&map=...\`). Headers match whatever their case and punctuation. The fields: ${FIELDS.join(', ')}`,
    example: ['Notes for the board=comments'],
  })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  @Validate(IsColumnMapping)
  map?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Leave the column with this header out, knowingly (its values are not imported); repeatable',
    example: ['Notes for finance'],
  })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(300, { each: true })
  ignoreColumn?: string[];

  @ApiPropertyOptional({
    type: [String],
    description:
      "Refuse a match the dry run proposed: its `matchId` (the summary's `recommendations.matched[].matchId`); the workbook's recommendation is then recorded as one of its own. Repeatable",
    example: ['0b3c2f6e-0d8e-5f55-9d5c-2f7e8a1d9c41'],
  })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'each refuseMatch must be a matchId (a UUID) from the summary' })
  refuseMatch?: string[];
}

/** For the API description only: the multipart body. */
export class ImportPlanBodyDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The plan workbook: .xlsx or .csv, at most 20 MB' })
  file!: unknown;
}
