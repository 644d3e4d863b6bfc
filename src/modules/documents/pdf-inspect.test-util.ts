// Test support: read a generated PDF back with pdfjs-dist (pure JavaScript, no system tools) — its pages' text and
// metadata — and render a page to pixels (through @napi-rs/canvas, pdfjs-dist's optional dependency) to decode
// the QR code. Used by the tests only.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfContents {
  numPages: number;
  /** Each page's text, lines separated by "\n" as pdfjs reports them. */
  pages: string[];
  info: Record<string, unknown>;
}

/** Whitespace removed: CJK text carries no spaces, and pdfjs inserts some where a title is letter-spaced. */
export const compact = (s: string): string => s.replace(/\s+/g, '');

async function open(pdf: Buffer) {
  return getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
}

export async function readPdf(pdf: Buffer): Promise<PdfContents> {
  const doc = await open(pdf);
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
    }
    const { info } = await doc.getMetadata();
    return { numPages: doc.numPages, pages, info: info as Record<string, unknown> };
  } finally {
    await doc.destroy();
  }
}

export interface RenderedPage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  data: Uint8ClampedArray;
  png(): Buffer;
}

/** Renders page `pageNumber` (from 1) at `scale` (1 = 72 dpi). Throws when no canvas implementation is installed. */
export async function renderPage(pdf: Buffer, pageNumber: number, scale = 2): Promise<RenderedPage> {
  const doc = await open(pdf);
  try {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale });
    // pdfjs-dist's own Node canvas factory (backed by @napi-rs/canvas); not part of its typed API.
    const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: NodeCanvas; context: NodeContext } } })
      .canvasFactory;
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvasContext: context, canvas, viewport } as unknown as Parameters<typeof page.render>[0]).promise;
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: image.width, height: image.height, data: image.data, png: () => canvas.toBuffer('image/png') };
  } finally {
    await doc.destroy();
  }
}

interface NodeCanvas {
  width: number;
  height: number;
  toBuffer(mime: 'image/png'): Buffer;
}
interface NodeContext {
  getImageData(x: number, y: number, w: number, h: number): { width: number; height: number; data: Uint8ClampedArray };
}
