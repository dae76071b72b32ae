import { EVIDENCE_KINDS } from '#domain';
import { actionForm } from '../action-form.js';
import { dayOf, textOrAbsent, textOrNull } from '../../web/forms/form-values.js';
import { AttachEvidenceCommand } from './attach-evidence.command.js';
import { AttachEvidenceRequestDto } from './attach-evidence.request.dto.js';

const KIND_WORDS: Record<(typeof EVIDENCE_KINDS)[number], string> = {
  minutes: 'Minutes',
  'training-log': 'Training log',
  'audit-result': 'Audit result',
  'case-file': 'Case-file entry',
  'web-page': 'Web page',
  document: 'Document',
  other: 'Other',
};

/** Evidence as a link or a reference to where a document is held (documents themselves are uploaded elsewhere). */
export const attachEvidenceForm = actionForm({
  slug: 'evidence',
  link: 'Attach evidence (a link or a reference)',
  offered: (action) => !action.withdrawn,
  template: 'actions/attach-evidence/attach-evidence.form.njk',
  title: 'Attach evidence',
  submit: 'Attach the evidence',
  request: AttachEvidenceRequestDto,
  effective: false,
  toRequest: (values) => {
    const where = values['location-kind'];
    return {
      title: textOrAbsent(values.title),
      kind: values.kind || undefined,
      location:
        where === 'link'
          ? { kind: where, url: textOrAbsent(values.url) }
          : where === 'document'
            ? { kind: where, reference: textOrAbsent(values.reference) }
            : undefined,
      sha256: textOrNull(values.sha256),
      date: dayOf(values, 'date'),
    };
  },
  fields: {
    title: { name: 'title', message: 'Enter what the evidence is' },
    kind: { name: 'kind', message: 'Select the kind of evidence' },
    location: { name: 'location-kind', message: 'Select whether it is a link or a document held elsewhere' },
    'location.url': { name: 'url', message: 'Enter the web address, starting https:// or http://' },
    'location.reference': { name: 'reference', message: 'Enter where the document is held' },
    date: {
      name: 'date',
      date: true,
      message: 'Enter the date the evidence is from as a real date, not in the future',
    },
    sha256: { name: 'sha256', message: 'Enter the SHA-256 as 64 hexadecimal digits, or leave it empty' },
  },
  command: (actionId, revision, request, context) => new AttachEvidenceCommand(actionId, revision, request, context),
  recorded: (request) => `Evidence attached: ${request.title}`,
  view: () => ({ kinds: EVIDENCE_KINDS.map((kind) => ({ value: kind, text: KIND_WORDS[kind] })) }),
});
