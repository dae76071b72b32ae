import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { CommitteeReport } from './committee-report.js';
import { countsChart } from './report-chart.js';
import { provenanceLine } from './report-hash.js';
import { reportSections, type Block } from './report-sections.js';
import { longDate } from './report-words.js';

// DejaVu Sans, shipped as a package: the standard PDF fonts have no Cyrillic, and the 2018-19 plan's owner codes are typed in it too.
const FONTS = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = join(FONTS, 'DejaVuSans.ttf');
const BOLD = join(FONTS, 'DejaVuSans-Bold.ttf');

const MARGIN = { top: 64, bottom: 60, left: 56, right: 56 };
/** A cell longer than this is cut in the PDF (a table row cannot run over a page); the Word file has it whole. */
const MAX_CELL_CHARS = 1800;

type Doc = PDFKit.PDFDocument;

/**
 * The report as a PDF: A4, tagged (headings, paragraphs, lists and tables as structure elements,
 * page furniture as artifacts), the plan's title and the page number on every page, the chart
 * drawn as vectors, the appendix on landscape pages. The same report gives the same bytes: the
 * document's dates, and so its ID, are the report's moment.
 */
export function renderPdf(report: CommitteeReport): Promise<Uint8Array> {
  const moment = new Date(report.asAt);
  const line = provenanceLine(report);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    font: REGULAR,
    info: {
      Title: `${report.plan.title}: committee report, ${report.period.words}`,
      Author: 'Oversight',
      Subject: line,
      Creator: 'Oversight',
      Producer: 'Oversight (PDFKit)',
      CreationDate: moment,
      ModDate: moment,
    },
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  const sections = reportSections(report);
  const root = doc.struct('Document');
  doc.addStructure(root);
  doc.addPage({ size: 'A4', margins: MARGIN });

  tagged(doc, root, 'H1', () => doc.font('bold').fontSize(18).text(report.plan.title));
  doc.moveDown(0.5);
  tableOf(doc, root, ['', ''], report.front.map((field) => [`${field.label}:`, field.value]), { headerless: true, widths: [110, '*'] });
  tagged(doc, root, 'P', () =>
    doc.font('regular').fontSize(8).fillColor('#505a5f').text('Fields in [brackets] are for the report author to complete.').fillColor('black'),
  );
  doc.moveDown();
  blocks(doc, root, sections.body, report);
  tagged(doc, root, 'P', () =>
    doc.font('regular').fontSize(8).text(`Figures computed by Oversight from the plan's events as at ${longDate(report.asAt)}. ${line}`),
  );

  doc.addPage({ size: 'A4', layout: 'landscape', margins: MARGIN });
  blocks(doc, root, sections.appendixIntro, report);
  tableOf(
    doc,
    root,
    report.appendix.columns,
    report.appendix.rows.map((row) =>
      row.kind === 'heading' ? [row.text, ...Array<string>(report.appendix.columns.length - 1).fill('')] : row.cells,
    ),
    { fontSize: 6.5, widths: [80, 24, 40, 34, 90, 38, 44, 74, 74, 44, '*'] },
  );
  doc.moveDown();
  tagged(doc, root, 'H2', () => doc.font('bold').fontSize(12).text('Appendix 2: Where the figures come from'));
  tagged(doc, root, 'P', () => doc.font('regular').fontSize(9).text(line));
  root.end();

  pageFurniture(doc, report.plan.title);
  doc.end();
  return done;
}

function tagged(doc: Doc, parent: PDFKit.PDFStructureElement, type: string, draw: () => void): void {
  parent.add(doc.struct(type, {}, [() => draw()]));
}

function blocks(doc: Doc, root: PDFKit.PDFStructureElement, items: Block[], report: CommitteeReport): void {
  for (const block of items) {
    switch (block.kind) {
      case 'heading':
        doc.moveDown(block.level === 1 ? 0.8 : 0.5);
        if (doc.y > doc.page.height - MARGIN.bottom - 60) doc.addPage();
        tagged(doc, root, block.level === 1 ? 'H1' : 'H2', () =>
          doc
            .font('bold')
            .fontSize(block.level === 1 ? 15 : 12)
            .text(block.text),
        );
        doc.moveDown(0.3);
        break;
      case 'paragraph':
        tagged(doc, root, 'P', () => doc.font('regular').fontSize(10).text(block.text, { paragraphGap: 4 }));
        break;
      case 'numbered':
        tagged(doc, root, 'P', () => doc.font('regular').fontSize(10).text(`${block.number}. ${block.text}`, { paragraphGap: 4 }));
        break;
      case 'bullets': {
        const list = doc.struct('L');
        root.add(list);
        for (const item of block.items)
          list.add(doc.struct('LI', {}, [() => doc.font('regular').fontSize(10).text(`•  ${item}`, { indent: 10, paragraphGap: 2 })]));
        list.end();
        break;
      }
      case 'table':
        tableOf(doc, root, block.headers, block.rows, { numeric: block.numeric });
        doc.moveDown(0.5);
        break;
      case 'chart':
        chart(doc, root, report);
        break;
      default: {
        const _exhaustive: never = block;
        throw new Error(`Unknown block ${JSON.stringify(_exhaustive)}`);
      }
    }
  }
}

function tableOf(
  doc: Doc,
  root: PDFKit.PDFStructureElement,
  headers: string[],
  rows: string[][],
  options: { fontSize?: number; widths?: (number | string)[]; numeric?: number[]; headerless?: boolean } = {},
): void {
  const size = options.fontSize ?? 8.5;
  const cut = (text: string) => (text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)} […]` : text);
  doc.font('regular').fontSize(size);
  doc.x = doc.page.margins.left;
  const data = [
    ...(options.headerless
      ? []
      : [headers.map((text) => ({ text, type: 'TH' as const, font: { src: 'bold' }, backgroundColor: '#e8e8e8' }))]),
    ...rows.map((row) =>
      row.map((text, column) => ({
        text: cut(text),
        ...(options.numeric?.includes(column) ? { align: { x: 'right' as const, y: 'top' as const } } : {}),
        ...(options.headerless && column === 0 ? { font: { src: 'bold' } } : {}),
      })),
    ),
  ];
  doc.table({
    data,
    columnStyles: options.widths ?? '*',
    defaultStyle: { border: 0.5, borderColor: '#b1b4b6', padding: 3 },
    structParent: root,
  } as PDFKit.Mixins.TableOptionsWithData);
  doc.x = doc.page.margins.left;
}

/** The counts chart drawn with PDFKit's own paths: vector, scaled to the text width. */
function chart(doc: Doc, root: PDFKit.PDFStructureElement, report: CommitteeReport): void {
  const geometry = countsChart(report);
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const scale = width / geometry.width;
  const height = geometry.height * scale;
  if (doc.y + height > doc.page.height - MARGIN.bottom) doc.addPage();
  const [x0, y0] = [MARGIN.left, doc.y];
  const figure = doc.struct('Figure', { alt: geometry.description }, [
    () => {
      doc.save().translate(x0, y0).scale(scale);
      for (const item of geometry.legend) {
        doc.rect(item.x, item.y, item.size, item.size).fillAndStroke(item.fill, item.stroke);
        doc.fillColor('#0b0c0c').font('regular').fontSize(12).text(item.text, item.textX, item.y + 1, { lineBreak: false });
      }
      doc.moveTo(geometry.plot.x, geometry.baseline).lineTo(geometry.plot.x + geometry.plot.width, geometry.baseline).stroke('#0b0c0c');
      for (const group of geometry.groups) {
        for (const bar of group.bars) {
          if (bar.height > 0) doc.rect(bar.x, bar.y, bar.width, bar.height).fillAndStroke(bar.fill, bar.stroke);
          doc
            .fillColor('#0b0c0c')
            .font('bold')
            .fontSize(12)
            .text(String(bar.count), bar.label.x - 30, bar.label.y - 12, { width: 60, align: 'center', lineBreak: false });
        }
        doc.font('regular').fontSize(12).text(group.word, group.labelX - 60, group.labelY - 10, { width: 120, align: 'center', lineBreak: false });
      }
      doc.restore();
    },
  ]);
  root.add(figure);
  doc.x = MARGIN.left;
  doc.y = y0 + height + 8;
}

/** The plan's title at the top and "Page n of m" at the foot of every page, marked as artifacts (not content). */
function pageFurniture(doc: Doc, title: string): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const { width, height } = doc.page;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' } as PDFKit.Mixins.MarkingOptions);
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#505a5f')
      .text(title, MARGIN.left, 30, { width: width - MARGIN.left - MARGIN.right, align: 'right', lineBreak: false })
      .text(`Page ${index + 1} of ${range.count}`, MARGIN.left, height - 36, {
        width: width - MARGIN.left - MARGIN.right,
        align: 'center',
        lineBreak: false,
      })
      .fillColor('black');
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}
