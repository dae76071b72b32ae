import { randomUUID } from 'node:crypto';
import type { ActionToExport, CommentToExport, PlanToExport } from '../plan-to-export.js';

/** A plan as the store would hand it to the exporter: the 2024-25 plan's details, no actions. */
export const aPlanToExport = (overrides: Partial<PlanToExport> = {}): PlanToExport => ({
  id: randomUUID(),
  title: 'Service Development Plan 2024-25',
  periodStart: '2024-04-01',
  periodEnd: '2025-03-31',
  owner: 'Head of Service',
  board: 'Achieving Excellence Board',
  reviewFrequency: 'quarterly',
  actions: [],
  ...overrides,
});

/** An action made through the API (ids not from any workbook), unrated, with no comments. */
export const anActionToExport = (overrides: Partial<ActionToExport> = {}): ActionToExport => ({
  id: randomUUID(),
  ref: null,
  description: 'Runs monthly group supervision facilitated by the Clinical Lead.',
  owner: 'HoS',
  dltLead: null,
  start: null,
  due: { kind: 'date', date: '2024-10-01' },
  successMeasure: "Group supervision summaries on children's files.",
  experienceOfChildren: 'Receiving the right support at the right time.',
  theme: 'Identified via colleagues in the service',
  status: null,
  completed: false,
  retainedForOversight: false,
  source: { id: randomUUID(), kind: 'staff-feedback', title: 'Identified via colleagues in the service', date: null },
  recommendation: {
    id: randomUUID(),
    text: 'Pilot group supervision as peer exercise facilitated by the Clinical Lead',
  },
  comments: [],
  ...overrides,
});

export const aCommentToExport = (overrides: Partial<CommentToExport> = {}): CommentToExport => ({
  id: randomUUID(),
  text: 'First session held.',
  effectiveAt: '2024-06-12T10:30:00.000Z',
  fromWorkbook: false,
  ...overrides,
});
