import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsUrl, Matches, MaxLength, ValidateNested } from 'class-validator';
import { EVIDENCE_KINDS, type EvidenceKind, type EvidenceLocation } from '#domain';
import { CalendarDate, EffectiveRequestDto, ForKind, RequiredText, TEXT_LIMITS } from '../../http/request-fields.js';

const LOCATION_KINDS = ['link', 'document'] as const;

/** Where the evidence is: a web address, or a reference to a document held elsewhere. */
export class EvidenceLocationDto {
  @ApiProperty({
    enum: LOCATION_KINDS,
    description: "'link' for a web address, 'document' for a document held elsewhere",
    example: 'link',
  })
  @IsIn(LOCATION_KINDS)
  kind!: EvidenceLocation['kind'];

  @ApiPropertyOptional({
    description: "With kind 'link': an http or https address",
    example: 'https://intranet.example.gov.uk/dlt/minutes-2024-03.pdf',
    maxLength: TEXT_LIMITS.url,
  })
  @ForKind('link')
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'] },
    { message: '$property must be an http or https address' },
  )
  @MaxLength(TEXT_LIMITS.url)
  url?: string;

  @ApiPropertyOptional({ description: "With kind 'document'" })
  @ForKind('document')
  @RequiredText(TEXT_LIMITS.title, "With kind 'document': where the document is held", 'Case file ref. CF-2024-117')
  reference?: string;
}

export const toEvidenceLocation = (location: EvidenceLocationDto): EvidenceLocation =>
  location.kind === 'link'
    ? { kind: 'link', url: location.url! }
    : { kind: 'document', reference: location.reference! };

export class AttachEvidenceRequestDto extends EffectiveRequestDto {
  @RequiredText(TEXT_LIMITS.title, 'What the evidence is', 'DLT minutes, March 2024')
  title!: string;

  @ApiProperty({ enum: EVIDENCE_KINDS, example: 'minutes' })
  @IsIn(EVIDENCE_KINDS)
  kind!: EvidenceKind;

  @ApiProperty({ type: () => EvidenceLocationDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvidenceLocationDto)
  location!: EvidenceLocationDto;

  @ApiPropertyOptional({
    description: 'SHA-256 of the document, 64 hex digits, so a later copy can be checked against it',
    nullable: true,
    pattern: '^[0-9a-fA-F]{64}$',
  })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: '$property must be 64 hex digits' })
  sha256?: string | null;

  @CalendarDate(
    'The date the evidence is from (the meeting, the audit), not when it is attached; not after effectiveAt',
  )
  date!: string;
}
