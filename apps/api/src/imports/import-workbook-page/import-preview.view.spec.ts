import { describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { WebViews } from '../../web/web-views.js';
import { progressView } from './import-preview.view.js';
import type { KeptUpload } from './kept-uploads.js';

/** What WebViews reads of a request and a response: plain objects, no server. */
const request = { path: '/imports/uploads/u1' } as Request;
const response = {
  locals: { cspNonce: 'n0nce' },
  setHeader: () => undefined,
  removeHeader: () => undefined,
} as unknown as Response;

describe('the progress page of an import preview', () => {
  it('says the stage and how far it has got, reloads itself when scripts run, and links to itself when they do not', () => {
    const upload = {
      id: 'u1',
      fileName: 'big-plan.xlsx',
      preview: { stage: 'reading', done: 1200, total: 4000, finished: false, result: null, error: null },
    } as unknown as KeptUpload;
    const html = new WebViews().render(
      'imports/import-workbook-page/import-progress.njk',
      progressView(upload),
      request,
      response,
    );
    expect(html).toContain('Reading the rows of the workbook: 1,200 of 4,000.');
    expect(html).toContain('data-oversight-refresh="1"');
    expect(html).toContain('<a class="govuk-link" href="/imports/uploads/u1">Check progress</a>');
    expect(html).not.toContain('http-equiv="refresh"');
  });

  it('before any rows are counted, says only the stage', () => {
    const upload = {
      id: 'u2',
      fileName: 'plan.csv',
      preview: { stage: 'waiting', done: 0, total: 0, finished: false, result: null, error: null },
    } as unknown as KeptUpload;
    expect(progressView(upload)).toMatchObject({ stage: 'Starting', progress: null, fileName: 'plan.csv' });
  });
});
