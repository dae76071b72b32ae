import { SOURCE_KINDS, sourceKindWords } from '#domain';
import { defineForm } from '../../web/forms/form-definition.js';
import { formController } from '../../web/forms/form.controller.js';
import { dayOf, textOrAbsent } from '../../web/forms/form-values.js';
import { RegisterSourceCommand } from './register-source.command.js';
import { RegisterSourceRequestDto } from './register-source.request.dto.js';

export const registerSourceForm = defineForm<object, RegisterSourceRequestDto>({
  path: 'sources/forms/new',
  template: 'sources/register-source/register-source.form.njk',
  title: 'Add a source',
  submit: 'Add the source',
  request: RegisterSourceRequestDto,
  load: () => Promise.resolve({}),
  place: () => ({
    caption: 'Sources',
    back: '/sources',
    breadcrumbs: [{ text: 'Sources', href: '/sources' }, { text: 'Add a source' }],
  }),
  initial: () => ({}),
  toRequest: (values) => ({
    kind: values.kind || undefined,
    title: textOrAbsent(values.title),
    date: dayOf(values, 'date') ?? null,
  }),
  fields: {
    kind: { name: 'kind', message: 'Select the kind of source' },
    title: { name: 'title', message: 'Enter the source as people name it' },
    date: { name: 'date', date: true, message: 'Enter the date it took place as a real date, or leave it empty' },
  },
  command: (_subject, _revision, request, context) => new RegisterSourceCommand(request, context),
  recorded: (request) => `Source added: ${request.title}`,
  after: () => '/sources',
  view: () => ({ kinds: SOURCE_KINDS.map((kind) => ({ value: kind, text: sourceKindWords(kind) })) }),
});

export const RegisterSourceFormController = formController(registerSourceForm);
