// Ruled tables for official documents: bold header row on a light grey band, repeated on every page the table
// flows onto; a row moves whole to the next page when it does not fit, and a row taller than a page is split
// across pages (nothing is cut off: a case file must show every word of the record).
import { BOLD, GREY, OfficialPdf, REGULAR, SIZE } from './pdf.js';

export interface TableColumn {
  header: string;
  /** Relative width: the columns without a fixed `width` share the rest of the text width in proportion. */
  weight?: number;
  /** Fixed width in points (e.g. wide enough for a date and time on one line). */
  width?: number;
  align?: 'left' | 'center' | 'right';
  /** Bold cell text (e.g. the label column of a label/value table). */
  bold?: boolean;
  /** When a row is split across pages, repeat this cell on the continuation (e.g. the entry's number). */
  repeat?: boolean;
}

export interface TableOptions {
  fontSize?: number;
  /** Draw the header row (default true); label/value tables have none. */
  header?: boolean;
  padding?: number;
}

const LINE_GAP = 2;

export function drawTable(pdf: OfficialPdf, columns: TableColumn[], rows: string[][], options: TableOptions = {}): void {
  const { doc } = pdf;
  const fontSize = options.fontSize ?? SIZE.small;
  const pad = options.padding ?? 4;
  const showHeader = options.header ?? true;
  const fixed = columns.reduce((s, c) => s + (c.width ?? 0), 0);
  const total = columns.reduce((s, c) => s + (c.width == null ? (c.weight ?? 1) : 0), 0);
  const widths = columns.map((c) => c.width ?? ((pdf.width - fixed) * (c.weight ?? 1)) / total);
  const xs = widths.map((_, i) => pdf.left + widths.slice(0, i).reduce((s, w) => s + w, 0));

  const textHeight = (text: string, col: number, bold: boolean): number => {
    doc.font(bold ? BOLD : REGULAR).fontSize(fontSize);
    return text ? doc.heightOfString(text, { width: widths[col]! - 2 * pad, lineGap: LINE_GAP }) : fontSize;
  };
  const rowHeight = (cells: string[], header: boolean): number =>
    Math.max(...cells.map((t, i) => textHeight(t, i, header || Boolean(columns[i]!.bold)))) + 2 * pad;

  const drawRow = (cells: string[], height: number, header: boolean): void => {
    const y = doc.y;
    doc.save();
    if (header) doc.rect(pdf.left, y, pdf.width, height).fill('#eeeeee');
    doc.lineWidth(0.5).strokeColor('#000000');
    cells.forEach((_, i) => doc.rect(xs[i]!, y, widths[i]!, height).stroke());
    doc.restore();
    cells.forEach((text, i) => {
      const bold = header || Boolean(columns[i]!.bold);
      doc.font(bold ? BOLD : REGULAR).fontSize(fontSize).fillColor('#000000');
      doc.text(text, xs[i]! + pad, y + pad, {
        width: widths[i]! - 2 * pad,
        lineGap: LINE_GAP,
        align: header ? 'center' : (columns[i]!.align ?? 'left'),
      });
    });
    doc.x = pdf.left;
    doc.y = y + height;
  };

  const headerCells = columns.map((c) => c.header);
  const headerHeight = showHeader ? rowHeight(headerCells, true) : 0;
  const drawHeader = (): void => {
    if (showHeader) drawRow(headerCells, headerHeight, true);
  };
  const freshPage = (): void => {
    pdf.newPage();
    drawHeader();
  };
  const pageRoom = pdf.bottom - pdf.top - headerHeight;

  pdf.ensureSpace(headerHeight + fontSize * 3);
  drawHeader();
  for (const row of rows) {
    let cells = columns.map((_, i) => row[i] ?? '');
    for (;;) {
      const height = rowHeight(cells, false);
      const room = pdf.bottom - doc.y;
      if (height <= room) {
        drawRow(cells, height, false);
        break;
      }
      if (height <= pageRoom || room < fontSize * 4) {
        freshPage();
        continue;
      }
      // Taller than what is left, and than a whole page: fill the rest of this page and carry the remainder over.
      const split = cells.map((t, i) =>
        columns[i]!.repeat ? [t, t] : splitToFit(pdf, t, widths[i]! - 2 * pad, room - 2 * pad, fontSize, Boolean(columns[i]!.bold)),
      );
      drawRow(split.map(([head]) => head!), room, false);
      cells = split.map(([, tail]) => tail!);
      freshPage();
    }
  }
  doc.font(REGULAR).fontSize(SIZE.body).fillColor('#000000');
  doc.moveDown(0.5);
}

/** The longest prefix of `text` (in code points) that fits in `maxHeight`, and the rest, marked as continued. */
function splitToFit(pdf: OfficialPdf, text: string, width: number, maxHeight: number, fontSize: number, bold: boolean): [string, string] {
  const { doc } = pdf;
  doc.font(bold ? BOLD : REGULAR).fontSize(fontSize);
  const fits = (s: string) => doc.heightOfString(s, { width, lineGap: LINE_GAP }) <= maxHeight;
  if (fits(text)) return [text, ''];
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(chars.slice(0, mid).join(''))) lo = mid;
    else hi = mid - 1;
  }
  return [chars.slice(0, lo).join(''), `（续）${chars.slice(lo).join('')}`];
}

/** A small grey note under a table or a field, e.g. a count of entries. */
export function tableNote(pdf: OfficialPdf, text: string): void {
  pdf.doc.font(REGULAR).fontSize(SIZE.small).fillColor(GREY);
  pdf.doc.text(text, pdf.left, pdf.doc.y, { width: pdf.width, align: 'right' });
  pdf.resetText();
  pdf.doc.moveDown(0.3);
}
