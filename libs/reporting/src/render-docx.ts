import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import { ChartRun } from 'docx/charts';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { CommitteeReport } from './committee-report.js';
import { countsChart } from './report-chart.js';
import { provenanceLine } from './report-hash.js';
import { longDate, STATUS_MEANINGS } from './report-words.js';
import { reportSections, type Block } from './report-sections.js';

const FONT = 'Arial';

const text = (value: string, options: { bold?: boolean; italics?: boolean; highlight?: boolean } = {}) =>
  new TextRun({
    text: value,
    bold: options.bold,
    italics: options.italics,
    ...(options.highlight ? { highlight: 'yellow' } : {}),
  });

const para = (value: string, options: { bold?: boolean; style?: string } = {}) =>
  new Paragraph({
    children: [text(value, { bold: options.bold })],
    ...(options.style ? { style: options.style } : {}),
  });

/** The text width of an A4 page inside Word's default 1-inch margins, in twentieths of a point. */
const PORTRAIT_TWIPS = 11906 - 2 * 1440;
const LANDSCAPE_TWIPS = 16838 - 2 * 1440;
const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };

interface TableLayout {
  /** Relative widths of the columns; equal when not given. */
  widths?: number[];
  /** Columns of numbers, set to the right. */
  numeric?: number[];
  /** In half-points; the document's size when not given. */
  fontSize?: number;
  twips?: number;
  /** Rows whose one cell spans every column (a section of the plan). */
  headingRows?: Set<number>;
}

/**
 * A real Word table: fixed column widths in proportion, its first row marked as the header (it
 * repeats on every page, and screen readers announce it), rows of cells kept whole.
 */
function table(headers: string[], rows: string[][], layout: TableLayout = {}): Table {
  const twips = layout.twips ?? PORTRAIT_TWIPS;
  const weights = layout.widths ?? headers.map(() => 1);
  const sum = weights.reduce((total, weight) => total + weight, 0);
  const columnWidths = weights.map((weight) => Math.floor((twips * weight) / sum));
  const cellOf = (value: string, column: number, header: boolean, span = 1) =>
    new TableCell({
      margins: CELL_MARGINS,
      columnSpan: span,
      width: { size: span > 1 ? twips : columnWidths[column]!, type: WidthType.DXA },
      children: value.split('\n').map(
        (line) =>
          new Paragraph({
            spacing: { after: 0 },
            ...(layout.numeric?.includes(column) ? { alignment: AlignmentType.RIGHT } : {}),
            children: [
              new TextRun({ text: line, bold: header, ...(layout.fontSize ? { size: layout.fontSize } : {}) }),
            ],
          }),
      ),
      ...(header || span > 1
        ? { shading: { type: ShadingType.CLEAR, fill: header ? 'D9D9D9' : 'F3F2F1', color: 'auto' } }
        : {}),
    });
  return new Table({
    width: { size: twips, type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: headers.map((header, i) => cellOf(header, i, true)),
      }),
      ...rows.map(
        (row, n) =>
          new TableRow({
            cantSplit: true,
            children: layout.headingRows?.has(n)
              ? [cellOf(row[0] ?? '', 0, true, headers.length)]
              : row.map((value, i) => cellOf(value, i, false)),
          }),
      ),
    ],
  });
}

function blocks(items: Block[], report: CommitteeReport): (Paragraph | Table)[] {
  return items.flatMap((block): (Paragraph | Table)[] => {
    switch (block.kind) {
      case 'heading':
        return [
          new Paragraph({
            heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
            text: block.text,
          }),
        ];
      case 'paragraph':
        return [para(block.text)];
      case 'numbered':
        return [new Paragraph({ children: [text(`${block.number}. `), text(block.text)] })];
      case 'bullets':
        return block.items.map((item) => new Paragraph({ text: item, bullet: { level: 0 } }));
      case 'table':
        return [table(block.headers, block.rows, { widths: block.widths, numeric: block.numeric }), new Paragraph({})];
      case 'chart':
        return [chartParagraph(report)];
      default: {
        const _exhaustive: never = block;
        return _exhaustive;
      }
    }
  });
}

/** A native Word chart (Insert Chart's kind): vector, editable, described for screen readers from its data. */
function chartParagraph(report: CommitteeReport): Paragraph {
  const chart = countsChart(report);
  return new Paragraph({
    children: [
      new ChartRun({
        type: 'column',
        title: 'Actions by status, start and end of the period',
        categories: report.counts.rows.map((row) => STATUS_MEANINGS[row.status].word),
        series: [
          {
            name: `Start (${report.period.firstDay})`,
            values: report.counts.rows.map((row) => row.start),
            color: 'B1B4B6',
          },
          { name: `End (${report.period.lastDay})`, values: report.counts.rows.map((row) => row.end), color: '505A5F' },
        ],
        dataLabels: { showValue: true },
        transformation: { width: 600, height: 300 },
        altText: { name: 'Actions by status', description: chart.description },
      } as ConstructorParameters<typeof ChartRun>[0]),
    ],
  });
}

/** The committee's cover table: Committee, Dated, Subject, ..., fields to fill highlighted in brackets. */
function frontTable(report: CommitteeReport): Table {
  const none = { style: BorderStyle.SINGLE, size: 4, color: 'BFBFBF' };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
    rows: report.front.map(
      (field) =>
        new TableRow({
          children: [
            new TableCell({
              width: { size: 25, type: WidthType.PERCENTAGE },
              children: [para(`${field.label}:`, { bold: true })],
            }),
            new TableCell({
              width: { size: 75, type: WidthType.PERCENTAGE },
              children: [new Paragraph({ children: [text(field.value, { highlight: field.toFill })] })],
            }),
          ],
        }),
    ),
  });
}

const header = (title: string) =>
  new Header({
    children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: title, size: 18 })] })],
  });
const footer = () =>
  new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 18 })],
      }),
    ],
  });

/**
 * The report as a Word document (.docx) for officers to edit before it goes to committee: the
 * council's headings as Word's own Heading 1 and 2 (the navigation pane and the accessibility
 * checker read them), real tables with header rows, a native chart, the plan's title on every
 * page, page numbers, and the provenance in a footnote and in the file's description. The same
 * report gives the same bytes: every date inside is the report's own.
 */
export async function renderDocx(report: CommitteeReport): Promise<Uint8Array> {
  const sections = reportSections(report);
  const line = provenanceLine(report);
  const portrait: ISectionOptions = {
    headers: { default: header(report.plan.title) },
    footers: { default: footer() },
    children: [
      new Paragraph({ heading: HeadingLevel.TITLE, text: report.plan.title }),
      frontTable(report),
      new Paragraph({
        children: [
          new TextRun({ text: 'Fields in [brackets] are for the report author to complete.', italics: true, size: 18 }),
        ],
      }),
      ...blocks(sections.body, report),
      new Paragraph({
        children: [
          text(`Figures computed by Oversight from the plan's events as at ${longDate(report.asAt)}.`),
          new FootnoteReferenceRun(1),
        ],
      }),
    ],
  };
  const landscape: ISectionOptions = {
    properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
    headers: { default: header(report.plan.title) },
    footers: { default: footer() },
    children: [
      ...blocks(sections.appendixIntro, report),
      table(report.appendix.columns, appendixRows(report), {
        fontSize: 14,
        twips: LANDSCAPE_TWIPS,
        widths: [80, 24, 40, 30, 90, 36, 44, 100, 80, 40, 170],
        headingRows: new Set(report.appendix.rows.flatMap((row, n) => (row.kind === 'heading' ? [n] : []))),
      }),
      ...blocks(sections.sources, report),
      para(line),
    ],
  };
  const document = new Document({
    creator: 'Oversight',
    title: `${report.plan.title}: committee report, ${report.period.words}`,
    description: line,
    subject: report.front.find((field) => field.label === 'Subject')?.value ?? report.plan.title,
    styles: {
      default: {
        document: { run: { font: FONT, size: 22, color: '0B0C0C' }, paragraph: { spacing: { after: 120 } } },
        title: { run: { font: FONT, size: 40, bold: true, color: '0B0C0C' }, paragraph: { spacing: { after: 240 } } },
        heading1: {
          run: { font: FONT, size: 32, bold: true, color: '0B0C0C' },
          paragraph: { spacing: { before: 360, after: 120 } },
        },
        heading2: {
          run: { font: FONT, size: 26, bold: true, color: '0B0C0C' },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
      },
    },
    footnotes: { 1: { children: [para(line)] } },
    sections: [portrait, landscape],
  });
  return fixedDocx(await Packer.toBuffer(document), report.asAt);
}

function appendixRows(report: CommitteeReport): string[][] {
  const width = report.appendix.columns.length;
  return report.appendix.rows.map((row) =>
    row.kind === 'heading' ? [row.text, ...Array<string>(width - 1).fill('')] : row.cells,
  );
}

/**
 * The package with nothing that changes from one run to the next: the core properties' created and
 * modified times and every file's time in the zip (the chart's embedded workbook's too) are the
 * report's moment; the random ids `docx` gives relationships, and the drawing ids it counts up
 * across the process, are numbered in order of appearance instead.
 */
function fixedDocx(bytes: Uint8Array, asAt: string): Uint8Array {
  const files = unzipSync(bytes);
  const moment = `${asAt.slice(0, 19)}Z`;
  const ids = new Map<string, string>();
  const fixed: Record<string, Uint8Array> = {};
  // The order docx wrote them in ([Content_Types].xml first), which is the same every run.
  for (const [name, content] of Object.entries(files)) {
    if (/\.xlsx$/.test(name)) {
      fixed[name] = zipSync(unzipSync(content), { mtime: zipTime(asAt), level: 6 });
      continue;
    }
    if (!/\.(xml|rels)$/.test(name)) {
      fixed[name] = content;
      continue;
    }
    let xml = strFromU8(content);
    if (name === 'docProps/core.xml')
      xml = xml.replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${moment}$3`);
    xml = xml.replace(/rId([a-z0-9_-]{21})(?![a-z0-9_-])/g, (_whole, id: string) => {
      if (!ids.has(id)) ids.set(id, `rIdFixed${ids.size + 1}`);
      return ids.get(id)!;
    });
    let drawing = 0;
    xml = xml.replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${(drawing += 1)}"`);
    fixed[name] = strToU8(xml);
  }
  return zipSync(fixed, { mtime: zipTime(asAt), level: 6 });
}

/** A zip keeps local wall-clock times: the moment shifted so the file says the report's UTC time on any machine. */
function zipTime(asAt: string): Date {
  const moment = new Date(asAt);
  return new Date(moment.getTime() + moment.getTimezoneOffset() * 60_000);
}
