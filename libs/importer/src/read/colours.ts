/**
 * Fill colours as ARGB. Workbooks give a fill three ways: ARGB, an index into Excel's legacy
 * palette, or a theme slot with a tint. The file's own theme is not read: plans are made from
 * the default Office theme, and only the hue matters to the status (red/amber/green/blue).
 */

// Excel's default 64-colour palette (indexes 0-7 repeat 8-15).
const PALETTE = [
  '000000',
  'FFFFFF',
  'FF0000',
  '00FF00',
  '0000FF',
  'FFFF00',
  'FF00FF',
  '00FFFF',
  '000000',
  'FFFFFF',
  'FF0000',
  '00FF00',
  '0000FF',
  'FFFF00',
  'FF00FF',
  '00FFFF',
  '800000',
  '008000',
  '000080',
  '808000',
  '800080',
  '008080',
  'C0C0C0',
  '808080',
  '9999FF',
  '993366',
  'FFFFCC',
  'CCFFFF',
  '660066',
  'FF8080',
  '0066CC',
  'CCCCFF',
  '000080',
  'FF00FF',
  'FFFF00',
  '00FFFF',
  '800080',
  '800000',
  '008080',
  '0000FF',
  '00CCFF',
  'CCFFFF',
  'CCFFCC',
  'FFFF99',
  '99CCFF',
  'FF99CC',
  'CC99FF',
  'FFCC99',
  '3366FF',
  '33CCCC',
  '99CC00',
  'FFCC00',
  'FF9900',
  'FF6600',
  '666699',
  '969696',
  '003366',
  '339966',
  '003300',
  '333300',
  '993300',
  '993366',
  '333399',
  '333333',
];

// Office theme slots: lt1, dk1, lt2, dk2, accent1..6 (the order exceljs numbers them).
const OFFICE_THEME = [
  'FFFFFF',
  '000000',
  'E7E6E6',
  '44546A',
  '4472C4',
  'ED7D31',
  'A5A5A5',
  'FFC000',
  '5B9BD5',
  '70AD47',
];

export type ExcelColour = { argb?: string; theme?: number; indexed?: number; tint?: number };

export function colourToArgb(colour: ExcelColour | undefined): string | null {
  if (!colour) return null;
  let rgb: string | undefined;
  if (typeof colour.argb === 'string' && /^[0-9a-f]{6}([0-9a-f]{2})?$/i.test(colour.argb)) rgb = colour.argb.slice(-6);
  else if (typeof colour.indexed === 'number')
    rgb = PALETTE[colour.indexed]; // 64/65 are "system" colours: none
  else if (typeof colour.theme === 'number') rgb = OFFICE_THEME[colour.theme];
  if (!rgb) return null;
  return `FF${applyTint(rgb.toUpperCase(), colour.tint ?? 0)}`;
}

// Excel's tint moves each channel towards white (positive) or black (negative).
function applyTint(rgb: string, tint: number): string {
  if (!tint) return rgb;
  return [0, 2, 4]
    .map((i) => {
      const c = parseInt(rgb.slice(i, i + 2), 16);
      const tinted = tint > 0 ? c + (255 - c) * tint : c * (1 + tint);
      return Math.round(Math.min(255, Math.max(0, tinted)))
        .toString(16)
        .padStart(2, '0');
    })
    .join('')
    .toUpperCase();
}
