/**
 * The page furniture every Suanpan document shares, on pdfkit: A4, the shipped Noto Sans SC (embedded
 * as a subset), a running footer with the document number, a short hash of the content and
 * "第 x 页 共 y 页", tables that break across pages with their header repeated, and text measured
 * before it is drawn. Output is deterministic: the creation date is the business date, and nothing
 * else varies from run to run, so the same inputs give the same bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { Lang } from '../errors';

export type Doc = PDFKit.PDFDocument;

/** The shipped font (SIL Open Font License 1.1), beside the program or under SUANPAN_RESOURCES. */
export function fontFile(): string {
  const candidates = [
    process.env.SUANPAN_RESOURCES ? `${process.env.SUANPAN_RESOURCES}/fonts/NotoSansSC-Regular.ttf` : '',
    fileURLToPath(new URL('../../resources/fonts/NotoSansSC-Regular.ttf', import.meta.url)),
    fileURLToPath(new URL('../resources/fonts/NotoSansSC-Regular.ttf', import.meta.url)),
  ].filter(Boolean);
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error(`the document font is missing (looked in ${candidates.join(', ')})`);
  return found;
}

/**
 * The font's bytes, read once per process: reading and registering the 10 MB file for every
 * document cost more than laying the document out. pdfkit parses the bytes and embeds a subset.
 */
let fontBytes: Buffer | undefined;
const fontData = (): Buffer => (fontBytes ??= readFileSync(fontFile()));

export interface Frame {
  lang: Lang;
  title: string;
  /** The document's number (a contract number, a receipt number …), printed on every page. */
  number: string;
  /** Printed on every page so that a paper copy can be matched to the book. */
  contentHash: string;
  /** The business date: the creation date written into the file. */
  issuedOn: string;
  author: string;
}

export const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 } as const;
export const SIZES = { title: 18, heading: 12, body: 10, small: 8.5, table: 8.5 } as const;
export const GREY = '#555555';
export const RULE = '#999999';

/** A short, readable hash of canonical content: 12 hex digits in three groups. */
export function contentHash(content: unknown): string {
  const hex = createHash('sha256').update(canonical(content)).digest('hex').slice(0, 12).toUpperCase();
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}

/** JSON with keys sorted, so the same content always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function newDocument(frame: Frame): Doc {
  const at = new Date(`${frame.issuedOn}T00:00:00.000Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { ...MARGIN },
    bufferPages: true,
    lang: frame.lang,
    displayTitle: true,
    info: { Title: frame.title, Author: frame.author, Subject: frame.number, Creator: 'Suanpan', Producer: 'Suanpan', CreationDate: at, ModDate: at },
  });
  doc.registerFont('body', fontData());
  doc.font('body').fontSize(SIZES.body).fillColor('black');
  return doc;
}

/** Page footers on every page (number, content hash, page x of y), then the finished bytes. */
export function finish(doc: Doc, frame: Frame): Promise<Buffer> {
  const range = doc.bufferedPageRange();
  pageFooters(doc, frame, range.start, range.count);
  return endDocument(doc);
}

/**
 * The running footer of `frame`'s document on pages [first, first + count) of `doc`, numbered 1 to
 * count: a file that binds several documents (a batch of notices) numbers each one on its own.
 */
export function pageFooters(doc: Doc, frame: Frame, first: number, count: number): void {
  const zh = frame.lang === 'zh-CN';
  for (let i = first; i < first + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would start a new page: lift the margin while drawing.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN.bottom + 22;
    const width = doc.page.width - MARGIN.left - MARGIN.right;
    doc.save().moveTo(MARGIN.left, y - 6).lineTo(MARGIN.left + width, y - 6).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    doc.font('body').fontSize(SIZES.small).fillColor(GREY);
    const left = zh ? `编号 ${frame.number}\u3000校验码 ${frame.contentHash}` : `No. ${frame.number}   Check code ${frame.contentHash}`;
    const right = zh ? `第 ${i - first + 1} 页 共 ${count} 页` : `Page ${i - first + 1} of ${count}`;
    doc.text(left, MARGIN.left, y, { width, lineBreak: false });
    doc.text(right, MARGIN.left, y, { width, align: 'right', lineBreak: false });
    doc.fillColor('black');
    doc.page.margins.bottom = bottom;
  }
}

/** Ends the document and collects its bytes. */
export function endDocument(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export const contentWidth = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottomOf = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when `height` more points would not fit. */
export function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottomOf(doc)) doc.addPage();
}

export function title(doc: Doc, text: string, subtitle?: string): void {
  doc.font('body').fontSize(SIZES.title).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc), align: 'center' });
  if (subtitle) doc.fontSize(SIZES.small).fillColor(GREY).text(subtitle, { width: contentWidth(doc), align: 'center' }).fillColor('black');
  doc.moveDown(0.8);
  doc.fontSize(SIZES.body);
}

export function heading(doc: Doc, text: string): void {
  doc.fontSize(SIZES.heading);
  ensureRoom(doc, doc.heightOfString(text) + 3 * doc.currentLineHeight());
  doc.moveDown(0.4).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.25).fontSize(SIZES.body);
}

export function paragraph(doc: Doc, text: string, options: { indent?: number; size?: number } = {}): void {
  doc.fontSize(options.size ?? SIZES.body);
  const width = contentWidth(doc) - (options.indent ?? 0);
  ensureRoom(doc, Math.min(doc.heightOfString(text, { width, lineGap: 2 }), 3 * doc.currentLineHeight(true)));
  doc.text(text, doc.page.margins.left + (options.indent ?? 0), doc.y, { width, lineGap: 2, align: 'justify' });
  doc.moveDown(0.3).fontSize(SIZES.body);
}

/** Label: value pairs in two columns, each pair kept on one page. */
export function facts(doc: Doc, pairs: readonly [string, string][], columns = 2): void {
  const gap = 16;
  const colWidth = (contentWidth(doc) - gap * (columns - 1)) / columns;
  const labelWidth = Math.min(110, colWidth * 0.42);
  doc.fontSize(SIZES.body);
  for (let i = 0; i < pairs.length; i += columns) {
    const row = pairs.slice(i, i + columns);
    const height = Math.max(...row.map(([l, v]) => Math.max(doc.heightOfString(l, { width: labelWidth }), doc.heightOfString(v, { width: colWidth - labelWidth - 4 })))) + 4;
    ensureRoom(doc, height);
    const y = doc.y;
    row.forEach(([label, value], k) => {
      const x = doc.page.margins.left + k * (colWidth + gap);
      doc.fillColor(GREY).text(label, x, y, { width: labelWidth });
      doc.fillColor('black').text(value, x + labelWidth + 4, y, { width: colWidth - labelWidth - 4 });
    });
    doc.x = doc.page.margins.left;
    doc.y = y + height;
  }
  doc.moveDown(0.3);
}

export interface Column {
  header: string;
  /** Share of the content width. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

/**
 * A table that breaks across pages, its header repeated on each. Cells wrap; a row is never split.
 * Numbers are right-aligned by their column.
 */
export function table(doc: Doc, columns: readonly Column[], rows: readonly (readonly string[])[], options: { size?: number } = {}): void {
  const size = options.size ?? SIZES.table;
  const total = contentWidth(doc);
  const share = columns.reduce((a, c) => a + c.width, 0);
  const widths = columns.map((c) => (c.width / share) * total);
  const pad = 3;
  const left = doc.page.margins.left;
  doc.fontSize(size);
  const heightOf = (cells: readonly string[]): number =>
    Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: (widths[i] as number) - 2 * pad }))) + 2 * pad;
  const drawRow = (cells: readonly string[], header: boolean): void => {
    const h = heightOf(cells);
    const y = doc.y;
    if (header) doc.save().rect(left, y, total, h).fill('#EEEEEE').restore();
    let x = left;
    cells.forEach((cell, i) => {
      const w = widths[i] as number;
      doc.fillColor(header ? '#222222' : 'black').text(cell, x + pad, y + pad, { width: w - 2 * pad, align: header ? 'center' : (columns[i]?.align ?? 'left'), lineBreak: true });
      x += w;
    });
    doc.save().moveTo(left, y + h).lineTo(left + total, y + h).lineWidth(header ? 0.8 : 0.3).strokeColor(RULE).stroke().restore();
    doc.x = left;
    doc.y = y + h;
  };
  const headers = columns.map((c) => c.header);
  const headerHeight = heightOf(headers);
  ensureRoom(doc, headerHeight + (rows[0] ? heightOf(rows[0]) : 0));
  doc.save().moveTo(left, doc.y).lineTo(left + total, doc.y).lineWidth(0.8).strokeColor(RULE).stroke().restore();
  drawRow(headers, true);
  for (const row of rows) {
    if (doc.y + heightOf(row) > bottomOf(doc)) {
      doc.addPage();
      doc.fontSize(size);
      doc.save().moveTo(left, doc.y).lineTo(left + total, doc.y).lineWidth(0.8).strokeColor(RULE).stroke().restore();
      drawRow(headers, true);
    }
    drawRow(row, false);
  }
  doc.fillColor('black').fontSize(SIZES.body);
  doc.moveDown(0.5);
}

/** Signature blocks side by side: a label, a line to sign on, and a date line. */
export function signatures(doc: Doc, blocks: readonly { label: string; lines: readonly string[] }[]): void {
  const gap = 24;
  const width = (contentWidth(doc) - gap * (blocks.length - 1)) / blocks.length;
  const height = 130;
  ensureRoom(doc, height);
  const y = doc.y + 8;
  blocks.forEach((b, i) => {
    const x = doc.page.margins.left + i * (width + gap);
    doc.fontSize(SIZES.body).text(b.label, x, y, { width });
    let ly = y + 28;
    for (const line of b.lines) {
      doc.fontSize(SIZES.small).fillColor(GREY).text(line, x, ly, { width });
      doc.save().moveTo(x, ly + 14).lineTo(x + width, ly + 14).lineWidth(0.4).strokeColor(RULE).stroke().restore();
      ly += 30;
    }
    doc.fillColor('black');
  });
  doc.x = doc.page.margins.left;
  doc.y = y + height;
}
