import { actionForm } from '../action-form.js';
import { textOrAbsent, textOrNull } from '../../web/forms/form-values.js';
import { AmendActionCommand } from './amend-action.command.js';
import { AmendActionRequestDto } from './amend-action.request.dto.js';

const WORDING = ['description', 'successMeasure', 'experienceOfChildren'] as const;

export const amendActionForm = actionForm({
  slug: 'amend',
  link: 'Amend the wording',
  offered: (action) => !action.withdrawn,
  template: 'actions/amend-action/amend-action.form.njk',
  title: 'Amend the wording',
  submit: 'Amend the action',
  request: AmendActionRequestDto,
  initial: ({ details }) =>
    Object.fromEntries(
      WORDING.flatMap((field) => {
        const shown = details.state[field] ?? '';
        return [
          [field, shown],
          [`was-${field}`, shown],
        ];
      }),
    ),
  // Only what the person changed from the wording they were shown is sent (hidden `was-` fields
  // keep it): a field someone else amended meanwhile is not put back when this form is sent again.
  toRequest: (values, { details }) => ({
    changes: Object.fromEntries(
      WORDING.flatMap((field) => {
        if (values[field] === undefined) return [];
        const was = values[`was-${field}`] ?? details.state[field] ?? '';
        if (values[field] === was) return [];
        return [[field, field === 'description' ? values[field] : textOrNull(values[field])]];
      }),
    ),
    reason: textOrAbsent(values.reason),
  }),
  fields: {
    changes: { name: 'description', message: 'Change at least one of the three, or cancel' },
    'changes.description': { name: 'description', message: 'Enter what the action does: it cannot be emptied' },
    'changes.successMeasure': { name: 'successMeasure' },
    'changes.experienceOfChildren': { name: 'experienceOfChildren' },
    reason: { name: 'reason', message: 'Enter why the wording is amended' },
  },
  command: (actionId, revision, request, context) => new AmendActionCommand(actionId, revision, request, context),
  recorded: (request) =>
    `Wording amended: ${Object.keys(request.changes)
      .map((field) => FIELD_WORDS[field] ?? field)
      .join(', ')}`,
});

const FIELD_WORDS: Record<string, string> = {
  description: 'what it does',
  successMeasure: 'how we will know',
  experienceOfChildren: "children's experience",
};
