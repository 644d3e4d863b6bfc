// A4 layout with the Chinese official look (UI.md "Printing"), on pdfkit with Noto Sans SC from npm (regular and
// bold files both ship in @expo-google-fonts/noto-sans-sc; pdfkit embeds only the glyphs used). Margins follow
// GB/T 9704 loosely: a wider inner (left) margin for binding. Output is deterministic for the same input: the
// creation date comes from the caller and pdfkit derives the file ID from the metadata.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { fieldNumber, formatDateCn } from './format.js';

const MM = 72 / 25.4;
export const PAGE = { width: 595.28, height: 841.89 } as const;
export const MARGINS = { top: 25 * MM, bottom: 28 * MM, left: 28 * MM, right: 26 * MM } as const;
export const RED = '#c8161d';
export const GREY = '#666666';
export const SIZE = { title: 22, heading: 14, body: 12, small: 10 } as const;
/** The seal placeholder marks the place; a 4 cm seal may overlap the circle a little. */
const SEAL_RADIUS = 18.5 * MM;
/** Vertical space taken by `officeSeal`: keep the closing words on the same page (never a seal alone on a page). */
export const SEAL_HEIGHT = 2 * SEAL_RADIUS + 12;
export const REGULAR = 'NotoSansSC';
export const BOLD = 'NotoSansSC-Bold';

const require = createRequire(import.meta.url);
const fontFiles = {
  [REGULAR]: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  [BOLD]: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
};
const fontCache = new Map<string, Buffer>();
/** The font file's bytes, read once per process (each file is ~10 MB; a document embeds a subset). */
function fontData(name: keyof typeof fontFiles): Buffer {
  let data = fontCache.get(name);
  if (!data) {
    data = readFileSync(require.resolve(fontFiles[name]));
    fontCache.set(name, data);
  }
  return data;
}

export interface OfficialPdfOptions {
  title: string;
  subject?: string;
  author: string;
  /** Becomes the PDF's CreationDate (and so its file ID): pass the document's own date, never "now". */
  date: Date;
}

/** A document being laid out. Methods write at the current position and flow onto new pages as needed. */
export class OfficialPdf {
  readonly doc: PDFKit.PDFDocument;
  private readonly output: Promise<Buffer>;

  constructor(options: OfficialPdfOptions) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { ...MARGINS },
      bufferPages: true,
      autoFirstPage: true,
      info: {
        Title: options.title,
        Subject: options.subject ?? options.title,
        Author: options.author,
        Creator: '枫桥 Fengqiao',
        Producer: '枫桥 Fengqiao (pdfkit)',
        CreationDate: options.date,
      },
      lang: 'zh-CN',
      displayTitle: true,
    });
    this.doc.registerFont(REGULAR, fontData(REGULAR));
    this.doc.registerFont(BOLD, fontData(BOLD));
    this.doc.font(REGULAR).fontSize(SIZE.body).fillColor('#000000');
    const chunks: Buffer[] = [];
    this.output = new Promise((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
  }

  get left(): number { return MARGINS.left; }
  get top(): number { return MARGINS.top; }
  get width(): number { return PAGE.width - MARGINS.left - MARGINS.right; }
  get right(): number { return PAGE.width - MARGINS.right; }
  get bottom(): number { return PAGE.height - MARGINS.bottom; }
  get y(): number { return this.doc.y; }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  newPage(): void { this.doc.addPage(); }

  moveDown(lines = 1): void { this.doc.moveDown(lines); }

  /** Centred title, bold, red (notices) or black (files); an optional thin rule of the same colour below. */
  title(text: string, options: { color?: string; size?: number; rule?: boolean; spacing?: number } = {}): void {
    const color = options.color ?? '#000000';
    const size = options.size ?? SIZE.title;
    this.doc.font(BOLD).fontSize(size).fillColor(color);
    const spacing = options.spacing ?? size * 0.25;
    // pdfkit counts the spacing after the last character too: shift by half of it to stay truly centred.
    this.doc.text(text, this.left + spacing / 2, this.doc.y, { width: this.width, align: 'center', characterSpacing: spacing });
    if (options.rule) {
      const y = this.doc.y + 4;
      this.doc.save().lineWidth(1.5).strokeColor(color).moveTo(this.left, y).lineTo(this.right, y).stroke().restore();
      this.doc.y = y + 6;
    }
    this.doc.moveDown(0.2);
    this.resetText();
  }

  /** The document number (文号) on the right, e.g. 编号：150826-20261128-000007. */
  docNumber(text: string): void {
    this.doc.font(REGULAR).fontSize(SIZE.body).fillColor('#000000');
    this.doc.text(text, this.left, this.doc.y, { width: this.width, align: 'right' });
    this.doc.moveDown(0.4);
  }

  /** The addressee line (主送), flush left and followed by a full-width colon: 张三： */
  addressee(name: string): void {
    this.resetText();
    this.doc.text(`${name}：`, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  /** A body paragraph with the customary two-character first-line indent. */
  paragraph(text: string, options: { indent?: boolean; size?: number; color?: string; align?: 'left' | 'center' | 'right' } = {}): void {
    const size = options.size ?? SIZE.body;
    this.doc.font(REGULAR).fontSize(size).fillColor(options.color ?? '#000000');
    this.doc.text(text, this.left, this.doc.y, {
      width: this.width,
      indent: options.indent === false ? 0 : size * 2,
      align: options.align ?? 'left',
      lineGap: 4,
    });
    this.doc.moveDown(0.3);
    this.resetText();
  }

  /** The height `paragraph` will take for `text` (to keep a closing paragraph on the page of the seal). */
  paragraphHeight(text: string, size: number = SIZE.body): number {
    this.doc.font(REGULAR).fontSize(size);
    const h = this.doc.heightOfString(text, { width: this.width, indent: size * 2, lineGap: 4 });
    this.resetText();
    return h + this.doc.currentLineHeight(true) * 0.3;
  }

  /** First-level heading: 一、基本情况 (bold). */
  heading(n: number, text: string): void {
    this.ensureSpace(SIZE.heading * 4);
    this.doc.moveDown(0.3);
    this.doc.font(BOLD).fontSize(SIZE.heading).fillColor('#000000');
    this.doc.text(`${fieldNumber(n)}${text}`, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
    this.resetText();
  }

  /** Numbered field: 一、案件编号：150826-… (number and label bold, value regular, first-line indent). */
  field(n: number | null, label: string, value: string): void {
    this.ensureSpace(SIZE.body * 2);
    const prefix = n == null ? '' : fieldNumber(n);
    this.doc.font(BOLD).fontSize(SIZE.body).fillColor('#000000');
    this.doc.text(`${prefix}${label}：`, this.left, this.doc.y, {
      width: this.width,
      indent: SIZE.body * 2,
      continued: true,
      lineGap: 3,
    });
    this.doc.font(REGULAR).text(value || '—', { lineGap: 3, align: 'left' });
    this.doc.moveDown(0.15);
  }

  /** Signature lines, `columns` to a row: 经办人（签名）：__________ */
  signatureLines(labels: string[], columns = 1): void {
    const rowHeight = SIZE.body * 2.5;
    const cellWidth = this.width / columns;
    this.ensureSpace(Math.ceil(labels.length / columns) * rowHeight + 10);
    this.resetText();
    let y = this.doc.y + 10;
    labels.forEach((label, i) => {
      const col = i % columns;
      if (i > 0 && col === 0) y += rowHeight;
      const x0 = this.left + col * cellWidth;
      this.doc.text(`${label}：`, x0, y, { lineBreak: false });
      const x = x0 + this.doc.widthOfString(`${label}：`) + 4;
      this.rule(x, y + SIZE.body * 1.35, Math.min(x + 150, x0 + cellWidth - SIZE.body));
    });
    this.doc.x = this.left;
    this.doc.y = y + rowHeight;
  }

  /**
   * The issuing office and the date on the right, with a dashed red circle where the seal goes (盖章处), the seal
   * covering the office name and the date as official documents have it. `signer` adds a signature line on the left.
   */
  officeSeal(office: string, date: Date, options: { signer?: string; stampLabel?: string } = {}): void {
    const radius = SEAL_RADIUS;
    this.ensureSpace(SEAL_HEIGHT);
    const top = this.doc.y + 2;
    const cy = top + radius;
    const dateText = formatDateCn(date);
    this.resetText();
    const blockWidth = Math.max(this.doc.widthOfString(office), this.doc.widthOfString(dateText), radius * 2);
    const blockRight = this.right - SIZE.body * 2;
    const cx = blockRight - blockWidth / 2;
    this.doc.save().lineWidth(1).dash(4, { space: 3 }).strokeColor(RED).circle(cx, cy, radius).stroke().undash().restore();
    this.doc.font(REGULAR).fontSize(SIZE.small).fillColor(RED);
    this.doc.text(options.stampLabel ?? '（盖章处）', cx - radius, top + 8, { width: radius * 2, align: 'center', lineBreak: false });
    this.resetText();
    const lineY = cy - SIZE.body * 0.2;
    this.doc.text(office, blockRight - blockWidth, lineY - SIZE.body * 1.2, { width: blockWidth, align: 'center', lineBreak: false });
    this.doc.text(dateText, blockRight - blockWidth, lineY + SIZE.body * 0.6, { width: blockWidth, align: 'center', lineBreak: false });
    if (options.signer) {
      this.doc.text(`${options.signer}：`, this.left, lineY - SIZE.body * 1.2, { lineBreak: false });
      const x = this.left + this.doc.widthOfString(`${options.signer}：`) + 4;
      this.rule(x, lineY + SIZE.body * 0.2, Math.min(x + 130, cx - radius - 12));
    }
    this.doc.x = this.left;
    this.doc.y = cy + radius + 10;
  }

  /** A thin horizontal line from x1 to x2 at y (for handwritten entries). */
  rule(x1: number, y: number, x2: number, color = '#000000'): void {
    this.doc.save().lineWidth(0.6).strokeColor(color).moveTo(x1, y).lineTo(x2, y).stroke().restore();
  }

  resetText(): void {
    this.doc.font(REGULAR).fontSize(SIZE.body).fillColor('#000000');
    this.doc.x = this.left;
  }

  /** Writes "第 n 页 共 N 页" at the foot of every page and returns the finished PDF. */
  async finish(): Promise<Buffer> {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      const page = this.doc.page;
      const savedBottom = page.margins.bottom;
      page.margins.bottom = 0; // writing below the bottom margin must not open a new page
      this.doc.font(REGULAR).fontSize(SIZE.small).fillColor(GREY);
      this.doc.text(`第 ${i - start + 1} 页 共 ${count} 页`, 0, PAGE.height - MARGINS.bottom / 2, {
        width: PAGE.width,
        align: 'center',
        lineBreak: false,
      });
      page.margins.bottom = savedBottom;
    }
    this.doc.flushPages();
    this.doc.end();
    return this.output;
  }
}
