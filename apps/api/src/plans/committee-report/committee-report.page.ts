import { renderHtmlFragment, type CommitteeReport } from '#reporting';
import type { PageDefinition } from '../../web/page.decorator.js';

/**
 * The committee report in the web interface: the same content as the Word and PDF files (one
 * HTML rendering, shared with the command's --format html), a form for the period, and links to
 * the files as at the same moment, so what is downloaded is what is on the screen.
 */
export const committeeReportPage: PageDefinition<CommitteeReport> = {
  template: 'plans/committee-report/committee-report.njk',
  view: (report) => {
    const same = `from=${report.period.firstDay}&to=${report.period.lastDay}&asAt=${encodeURIComponent(report.asAt)}`;
    return {
      pageTitle: `Committee report: ${report.plan.title}`,
      plan: { ...report.plan, href: `/plans/${report.plan.id}` },
      period: report.period,
      asAt: report.asAt,
      html: renderHtmlFragment(report),
      downloads: {
        docx: `/plans/${report.plan.id}/report?${same}&format=docx`,
        pdf: `/plans/${report.plan.id}/report?${same}&format=pdf`,
      },
      breadcrumbs: [
        { text: 'Plans', href: '/plans' },
        { text: report.plan.title, href: `/plans/${report.plan.id}` },
        { text: 'Committee report' },
      ],
    };
  },
};
