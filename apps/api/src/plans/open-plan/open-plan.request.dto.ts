import { CalendarDate, OptionalText, RequiredText, TEXT_LIMITS } from '../../http/request-fields.js';

export class OpenPlanRequestDto {
  @RequiredText(TEXT_LIMITS.title, 'The plan as its cover names it', 'Service Development Plan 2024-25')
  title!: string;

  @CalendarDate('The first day the plan covers')
  periodStart!: string;

  @CalendarDate('The last day the plan covers (not before periodStart)')
  periodEnd!: string;

  @OptionalText(TEXT_LIMITS.name, 'Who owns the plan, as its header gives it', 'Head of Service')
  owner?: string | null;

  @OptionalText(TEXT_LIMITS.title, 'The board the plan reports to', 'Children’s Improvement Board')
  board?: string | null;

  @OptionalText(TEXT_LIMITS.name, 'How often it is reviewed', 'Quarterly')
  reviewFrequency?: string | null;
}
