import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { EVIDENCE_KINDS, type EvidenceKind } from '#domain';
import { CalendarDate, EffectiveRequestDto, RequiredText, TEXT_LIMITS } from '../../http/request-fields.js';

/** The form fields that go with an uploaded document: what attach-evidence takes, but the location, which is the document. */
export class AttachDocumentRequestDto extends EffectiveRequestDto {
  @RequiredText(TEXT_LIMITS.title, 'What the evidence is', 'DLT minutes, March 2024')
  title!: string;

  @ApiProperty({ enum: EVIDENCE_KINDS, example: 'minutes' })
  @IsIn(EVIDENCE_KINDS, { message: `kind must be one of: ${EVIDENCE_KINDS.join(', ')}` })
  kind!: EvidenceKind;

  @CalendarDate(
    'The date the evidence is from (the meeting, the audit), not when it is attached; not after effectiveAt',
  )
  date!: string;

  @ApiPropertyOptional({
    description:
      'For a browser form, which cannot send If-Match: the revision (ETag) the person saw. An If-Match header wins over it.',
    example: '3',
  })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'revision must be a whole number' })
  revision?: string;
}

/** The multipart body as the API description shows it. */
export class AttachDocumentBodyDto extends AttachDocumentRequestDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'The document: PDF, Word (.docx, .doc), Excel (.xlsx, .xls), PNG or JPEG, at most 25 MB; its type is read from its bytes',
  })
  file!: unknown;
}
