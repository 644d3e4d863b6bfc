// QR codes drawn as vector rectangles (one filled path per document, runs of dark modules merged per row):
// sharp at any print resolution and a few hundred bytes, instead of an embedded bitmap.
import QRCode from 'qrcode';

/** The module matrix of `text` (error correction M: survives a stamp or a fold over part of the code). */
export function qrMatrix(text: string): { size: number; isDark(row: number, col: number): boolean } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, isDark: (row, col) => Boolean(modules.get(row, col)) };
}

/**
 * Draws the QR code of `text` as a square of side `size` points with its top-left corner at (x, y), including a
 * white quiet zone of `quietModules` modules inside that square (scanners need it).
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number, quietModules = 2): void {
  const m = qrMatrix(text);
  const cell = size / (m.size + 2 * quietModules);
  const x0 = x + quietModules * cell;
  const y0 = y + quietModules * cell;
  // A hair of overlap so that viewers' anti-aliasing does not show seams between adjacent rows.
  const seam = cell * 0.02;
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < m.size; row++) {
    let col = 0;
    while (col < m.size) {
      if (!m.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < m.size && m.isDark(row, col)) col++;
      doc.rect(x0 + start * cell, y0 + row * cell, (col - start) * cell + seam, cell + seam);
    }
  }
  doc.fill('#000000');
  doc.restore();
}
