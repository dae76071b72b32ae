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
  // Fonts named by their paths, never by registered names: PDFKit caches a font under the name it
  // was asked by, and a table cell's font is restored by path, which would read the file again.
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

  tagged(doc, root, 'H1', () => doc.font(BOLD).fontSize(18).text(report.plan.title));
  doc.moveDown(0.5);
  tableOf(
    doc,
    root,
    ['', ''],
    report.front.map((field) => ({ cells: [`${field.label}:`, field.value] })),
    { headerless: true, weights: [1, 3.3] },
  );
  tagged(doc, root, 'P', () =>
    doc
      .font(REGULAR)
      .fontSize(8)
      .fillColor('#505a5f')
      .text('Fields in [brackets] are for the report author to complete.')
      .fillColor('black'),
  );
  doc.moveDown();
  blocks(doc, root, sections.body, report);
  tagged(doc, root, 'P', () =>
    doc
      .font(REGULAR)
      .fontSize(8)
      .text(`Figures computed by Oversight from the plan's events as at ${longDate(report.asAt)}. ${line}`),
  );

  doc.addPage({ size: 'A4', layout: 'landscape', margins: MARGIN });
  blocks(doc, root, sections.appendixIntro, report);
  tableOf(
    doc,
    root,
    report.appendix.columns,
    report.appendix.rows.map((row) =>
      row.kind === 'heading' ? { cells: [row.text], heading: true } : { cells: row.cells },
    ),
    { fontSize: 6.5, weights: [80, 24, 40, 30, 90, 36, 44, 100, 80, 40, 170] },
  );
  doc.moveDown();
  blocks(doc, root, sections.sources, report);
  tagged(doc, root, 'P', () => doc.font(REGULAR).fontSize(9).text(line));
  root.end();

  pageFurniture(doc, report.plan.title);
  doc.end();
  return done;
}

/** A page like the one being written on: the appendix's pages stay landscape. */
const nextPage = (doc: Doc) =>
  doc.addPage({ size: 'A4', layout: doc.page.layout as 'portrait' | 'landscape', margins: MARGIN });

function tagged(doc: Doc, parent: PDFKit.PDFStructureElement, type: string, draw: () => void): void {
  parent.add(doc.struct(type, {}, [() => draw()]));
}

function blocks(doc: Doc, root: PDFKit.PDFStructureElement, items: Block[], report: CommitteeReport): void {
  for (const block of items) {
    switch (block.kind) {
      case 'heading':
        doc.moveDown(block.level === 1 ? 0.8 : 0.5);
        if (doc.y > doc.page.height - MARGIN.bottom - 60) nextPage(doc);
        tagged(doc, root, block.level === 1 ? 'H1' : 'H2', () =>
          doc
            .font(BOLD)
            .fontSize(block.level === 1 ? 15 : 12)
            .text(block.text),
        );
        doc.moveDown(0.3);
        break;
      case 'paragraph':
        tagged(doc, root, 'P', () => doc.font(REGULAR).fontSize(10).text(block.text, { paragraphGap: 4 }));
        break;
      case 'numbered':
        tagged(doc, root, 'P', () =>
          doc.font(REGULAR).fontSize(10).text(`${block.number}. ${block.text}`, { paragraphGap: 4 }),
        );
        break;
      case 'bullets': {
        const list = doc.struct('L');
        root.add(list);
        for (const item of block.items)
          list.add(
            doc.struct('LI', {}, [
              () => {
                // A hanging indent: the bullet in the margin of the item's own column.
                const left = doc.page.margins.left;
                const width = doc.page.width - left - doc.page.margins.right - 14;
                doc
                  .font(REGULAR)
                  .fontSize(10)
                  .text('•', left + 2, doc.y, { lineBreak: false });
                doc.text(item, left + 14, doc.y, { width, paragraphGap: 2 });
                doc.x = left;
              },
            ]),
          );
        list.end();
        break;
      }
      case 'table':
        tableOf(
          doc,
          root,
          block.headers,
          block.rows.map((cells) => ({ cells })),
          { numeric: block.numeric, weights: block.widths },
        );
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

type TableRow = { cells: string[]; heading?: boolean };
const PADDING = 3;

/**
 * A table drawn by PDFKit (tagged Table, TR, TH and TD), cut into one table a page with its header
 * row repeated on each: rows are measured before they are drawn, so none is split across pages.
 * A heading row (a section of the plan) spans every column.
 */
function tableOf(
  doc: Doc,
  root: PDFKit.PDFStructureElement,
  headers: string[],
  rows: TableRow[],
  options: { fontSize?: number; weights?: number[]; numeric?: number[]; headerless?: boolean } = {},
): void {
  const size = options.fontSize ?? 8.5;
  const cut = (text: string) => (text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)} […]` : text);
  const left = doc.page.margins.left;
  const available = doc.page.width - left - doc.page.margins.right;
  const weights = options.weights ?? headers.map(() => 1);
  const sum = weights.reduce((total, weight) => total + weight, 0);
  const widths = weights.map((weight) => Math.floor((available * weight) / sum));
  const bold = (column: number) => options.headerless === true && column === 0;
  const measure = (text: string, width: number, font: string) =>
    doc
      .font(font)
      .fontSize(size)
      .heightOfString(text, { width: width - 2 * PADDING }) +
    2 * PADDING;
  const heightOf = (row: TableRow) =>
    row.heading
      ? measure(row.cells[0] ?? '', available, BOLD)
      : Math.max(
          ...row.cells.map((text, column) => measure(cut(text), widths[column]!, bold(column) ? BOLD : REGULAR)),
        );
  const headerHeight = options.headerless
    ? 0
    : Math.max(...headers.map((text, column) => measure(text, widths[column]!, BOLD)));
  const bottom = () => doc.page.height - doc.page.margins.bottom - 4;

  const draw = (chunk: TableRow[]) => {
    doc.x = left;
    const data = [
      ...(options.headerless
        ? []
        : [headers.map((text) => ({ text, type: 'TH' as const, font: { src: BOLD }, backgroundColor: '#e8e8e8' }))]),
      ...chunk.map((row) =>
        row.heading
          ? [{ text: row.cells[0] ?? '', colSpan: headers.length, font: { src: BOLD }, backgroundColor: '#f3f2f1' }]
          : row.cells.map((text, column) => ({
              text: cut(text),
              ...(options.numeric?.includes(column) ? { align: { x: 'right' as const, y: 'top' as const } } : {}),
              ...(bold(column) ? { font: { src: BOLD } } : {}),
            })),
      ),
    ];
    doc.font(REGULAR).fontSize(size);
    doc.table({
      data,
      columnStyles: widths,
      defaultStyle: { border: 0.5, borderColor: '#b1b4b6', padding: PADDING },
      structParent: root,
    } as PDFKit.Mixins.TableOptionsWithData);
  };

  let chunk: TableRow[] = [];
  let y = doc.y + headerHeight;
  for (const row of rows) {
    const height = heightOf(row);
    if (y + height > bottom() && (chunk.length > 0 || doc.y > doc.page.margins.top + 1)) {
      if (chunk.length > 0) draw(chunk);
      chunk = [];
      nextPage(doc);
      y = doc.y + headerHeight;
    }
    chunk.push(row);
    y += height;
  }
  if (chunk.length > 0 || rows.length === 0) draw(chunk);
  doc.x = left;
}

/** The counts chart drawn with PDFKit's own paths: vector, scaled to the text width. */
function chart(doc: Doc, root: PDFKit.PDFStructureElement, report: CommitteeReport): void {
  const geometry = countsChart(report);
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const scale = width / geometry.width;
  const height = geometry.height * scale;
  if (doc.y + height > doc.page.height - MARGIN.bottom) nextPage(doc);
  const [x0, y0] = [MARGIN.left, doc.y];
  const figure = doc.struct('Figure', { alt: geometry.description }, [
    () => {
      doc.save().translate(x0, y0).scale(scale);
      for (const item of geometry.legend) {
        doc.rect(item.x, item.y, item.size, item.size).fillAndStroke(item.fill, item.stroke);
        doc
          .fillColor('#0b0c0c')
          .font(REGULAR)
          .fontSize(12)
          .text(item.text, item.textX, item.y + 1, { lineBreak: false });
      }
      doc
        .moveTo(geometry.plot.x, geometry.baseline)
        .lineTo(geometry.plot.x + geometry.plot.width, geometry.baseline)
        .stroke('#0b0c0c');
      for (const group of geometry.groups) {
        for (const bar of group.bars) {
          if (bar.height > 0) doc.rect(bar.x, bar.y, bar.width, bar.height).fillAndStroke(bar.fill, bar.stroke);
          doc
            .fillColor('#0b0c0c')
            .font(BOLD)
            .fontSize(12)
            .text(String(bar.count), bar.label.x - 30, bar.label.y - 12, {
              width: 60,
              align: 'center',
              lineBreak: false,
            });
        }
        doc
          .font(REGULAR)
          .fontSize(12)
          .text(group.word, group.labelX - 60, group.labelY - 10, { width: 120, align: 'center', lineBreak: false });
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
      .font(REGULAR)
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
