/**
 * A small PDF writer for report tables: a title, a few lines of filter and time, tables whose
 * header row repeats on every page, cell text wrapped to the column width, notes, and 第 n 页 / 共 N 页
 * on each page. No dependency beyond node:zlib.
 *
 * Chinese text: the first CJK TrueType font found at a known system path (Debian's fonts-wqy-microhei
 * first) is embedded as a subset holding only the glyphs used (CIDFontType2, Identity-H, with a
 * ToUnicode map so the text can be searched and copied). A font whose outlines are not TrueType
 * (`glyf`), e.g. CFF-based Noto CJK, is skipped. When no usable font is found the PDF still renders:
 * it names the Adobe-GB1 font STSong-Light with the UniGB-UCS2-H encoding, not embedded, which PDF
 * readers substitute with their own Chinese font (Acrobat, pdf.js, poppler with poppler-data).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { deflateSync } from 'node:zlib';

/** Known places of CJK TrueType fonts (Debian/Ubuntu packages, then other common layouts). */
export const CJK_FONT_PATHS: readonly string[] = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
  '/usr/share/fonts/truetype/arphic/ukai.ttc',
  '/usr/share/fonts/wqy-microhei/wqy-microhei.ttc',
  '/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc',
  '/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf',
];

export type PdfAlign = 'left' | 'right' | 'center';

export interface PdfColumn {
  header: string;
  /** Relative width; the columns share the printable width in proportion. */
  width: number;
  align?: PdfAlign;
}

export interface PdfTable {
  /** A heading above the table. */
  heading?: string;
  columns: readonly PdfColumn[];
  rows: readonly (readonly string[])[];
}

export interface PdfDocument {
  title: string;
  /** Lines under the title: the filter, the generation time… */
  meta: readonly string[];
  tables: readonly PdfTable[];
  /** Lines after the last table (how figures are counted). */
  notes?: readonly string[];
  /** A4 landscape (default) or portrait. */
  orientation?: 'landscape' | 'portrait';
}

export interface PdfOptions {
  /** Fonts to try, in order; default CJK_FONT_PATHS. An empty list forces the non-embedded fallback. */
  fontPaths?: readonly string[];
}

// ── TrueType reading and subsetting ─────────────────────────────────────────

export interface TrueTypeFont {
  name: string;
  unitsPerEm: number;
  bbox: [number, number, number, number];
  ascent: number;
  descent: number;
  numGlyphs: number;
  numberOfHMetrics: number;
  cmap: Map<number, number>;
  tables: Map<string, Buffer>;
  loca: Uint32Array;
  glyf: Buffer;
  hmtx: Buffer;
}

function tableDirectory(file: Buffer, offset: number): Map<string, Buffer> {
  const count = file.readUInt16BE(offset + 4);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const rec = offset + 12 + i * 16;
    const tag = file.toString('latin1', rec, rec + 4);
    const start = file.readUInt32BE(rec + 8);
    const length = file.readUInt32BE(rec + 12);
    tables.set(tag, file.subarray(start, start + length));
  }
  return tables;
}

function readCmap(cmap: Buffer): Map<number, number> {
  const map = new Map<number, number>();
  const n = cmap.readUInt16BE(2);
  let best: { format: number; offset: number } | null = null;
  for (let i = 0; i < n; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || (format !== 4 && format !== 12)) continue;
    if (!best || (format === 12 && best.format === 4)) best = { format, offset };
  }
  if (!best) return map;
  const o = best.offset;
  if (best.format === 12) {
    const groups = cmap.readUInt32BE(o + 12);
    for (let g = 0; g < groups; g++) {
      const start = cmap.readUInt32BE(o + 16 + g * 12);
      const end = cmap.readUInt32BE(o + 20 + g * 12);
      const gid = cmap.readUInt32BE(o + 24 + g * 12);
      for (let c = start; c <= end && c <= 0x10ffff; c++) map.set(c, gid + (c - start));
    }
    return map;
  }
  const segX2 = cmap.readUInt16BE(o + 6);
  const ends = o + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  for (let s = 0; s < segX2; s += 2) {
    const end = cmap.readUInt16BE(ends + s);
    const start = cmap.readUInt16BE(starts + s);
    const delta = cmap.readInt16BE(deltas + s);
    const rangeOffset = cmap.readUInt16BE(ranges + s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let gid: number;
      if (rangeOffset === 0) gid = (c + delta) & 0xffff;
      else {
        const at = ranges + s + rangeOffset + (c - start) * 2;
        if (at + 2 > cmap.length) continue;
        gid = cmap.readUInt16BE(at);
        if (gid !== 0) gid = (gid + delta) & 0xffff;
      }
      if (gid !== 0) map.set(c, gid);
    }
  }
  return map;
}

/**
 * Parses the first font of a .ttf or .ttc; null when it has no TrueType outlines or (unless
 * `requireCmap` is false, as for a subset, which needs none) no Unicode cmap.
 */
export function parseTrueType(file: Buffer, name = 'CJKFont', requireCmap = true): TrueTypeFont | null {
  const offset = file.toString('latin1', 0, 4) === 'ttcf' ? file.readUInt32BE(12) : 0;
  const tables = tableDirectory(file, offset);
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const maxp = tables.get('maxp');
  const hmtx = tables.get('hmtx');
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  const cmapTable = tables.get('cmap');
  if (!head || !hhea || !maxp || !hmtx || !loca || !glyf || (requireCmap && !cmapTable)) return null;
  const numGlyphs = maxp.readUInt16BE(4);
  const longLoca = head.readInt16BE(50) === 1;
  const offsets = new Uint32Array(numGlyphs + 1);
  for (let i = 0; i <= numGlyphs; i++) offsets[i] = longLoca ? loca.readUInt32BE(i * 4) : loca.readUInt16BE(i * 2) * 2;
  const cmap = cmapTable ? readCmap(cmapTable) : new Map<number, number>();
  if (requireCmap && cmap.size === 0) return null;
  return {
    name,
    unitsPerEm: head.readUInt16BE(18),
    bbox: [head.readInt16BE(36), head.readInt16BE(38), head.readInt16BE(40), head.readInt16BE(42)],
    ascent: hhea.readInt16BE(4),
    descent: hhea.readInt16BE(6),
    numGlyphs,
    numberOfHMetrics: hhea.readUInt16BE(34),
    cmap,
    tables,
    loca: offsets,
    glyf,
    hmtx,
  };
}

export function advanceOf(font: TrueTypeFont, gid: number): number {
  const i = Math.min(gid, font.numberOfHMetrics - 1);
  return font.hmtx.readUInt16BE(i * 4);
}

function lsbOf(font: TrueTypeFont, gid: number): number {
  if (gid < font.numberOfHMetrics) return font.hmtx.readInt16BE(gid * 4 + 2);
  const at = font.numberOfHMetrics * 4 + (gid - font.numberOfHMetrics) * 2;
  return at + 2 <= font.hmtx.length ? font.hmtx.readInt16BE(at) : 0;
}

export const glyphData = (font: TrueTypeFont, gid: number) => font.glyf.subarray(font.loca[gid]!, font.loca[gid + 1]!);

/** Component glyph ids of a composite glyph (offsets of their index fields too). */
function components(glyph: Buffer): { gid: number; at: number }[] {
  if (glyph.length < 10 || glyph.readInt16BE(0) >= 0) return [];
  const out: { gid: number; at: number }[] = [];
  let p = 10;
  for (;;) {
    const flags = glyph.readUInt16BE(p);
    out.push({ gid: glyph.readUInt16BE(p + 2), at: p + 2 });
    p += 4 + (flags & 0x0001 ? 4 : 2);
    if (flags & 0x0008) p += 2;
    else if (flags & 0x0040) p += 4;
    else if (flags & 0x0080) p += 8;
    if (!(flags & 0x0020)) break;
  }
  return out;
}

function checksum(buf: Buffer): number {
  let sum = 0;
  const padded = buf.length % 4 ? Buffer.concat([buf, Buffer.alloc(4 - (buf.length % 4))]) : buf;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function assembleFont(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  let power = 1;
  let log = 0;
  while (power * 2 <= n) {
    power *= 2;
    log++;
  }
  const header = Buffer.alloc(12 + n * 16);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(log, 8);
  header.writeUInt16BE(n * 16 - power * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  let headAt = -1;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const rec = 12 + i * 16;
    header.write(tag, rec, 'latin1');
    header.writeUInt32BE(checksum(data), rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(data.length, rec + 12);
    if (tag === 'head') headAt = offset;
    const pad = (4 - (data.length % 4)) % 4;
    parts.push(data, Buffer.alloc(pad));
    offset += data.length + pad;
  });
  const font = Buffer.concat(parts);
  if (headAt >= 0) font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headAt + 8);
  return font;
}

/**
 * A font holding only the given glyphs (and the components of composite ones), renumbered 0…n−1
 * in ascending order of the original ids. Returns the font and the old → new id map.
 */
export function subsetTrueType(
  font: TrueTypeFont,
  used: Iterable<number>,
): { data: Buffer; newIds: Map<number, number> } {
  const keep = new Set<number>([0]);
  const queue = [...used];
  while (queue.length) {
    const gid = queue.pop()!;
    if (gid >= font.numGlyphs || keep.has(gid)) continue;
    keep.add(gid);
    for (const c of components(glyphData(font, gid))) queue.push(c.gid);
  }
  const order = [...keep].sort((a, b) => a - b);
  const newIds = new Map(order.map((old, i) => [old, i]));
  const glyphs: Buffer[] = [];
  const loca = Buffer.alloc((order.length + 1) * 4);
  const hmtx = Buffer.alloc(order.length * 4);
  let at = 0;
  order.forEach((old, i) => {
    const data = Buffer.from(glyphData(font, old));
    for (const c of components(data)) data.writeUInt16BE(newIds.get(c.gid) ?? 0, c.at);
    const pad = (4 - (data.length % 4)) % 4;
    loca.writeUInt32BE(at, i * 4);
    glyphs.push(data, Buffer.alloc(pad));
    at += data.length + pad;
    hmtx.writeUInt16BE(advanceOf(font, old), i * 4);
    hmtx.writeInt16BE(lsbOf(font, old), i * 4 + 2);
  });
  loca.writeUInt32BE(at, order.length * 4);
  const head = Buffer.from(font.tables.get('head')!);
  head.writeUInt32BE(0, 8);
  head.writeInt16BE(1, 50);
  const hhea = Buffer.from(font.tables.get('hhea')!);
  hhea.writeUInt16BE(order.length, 34);
  const maxp = Buffer.from(font.tables.get('maxp')!);
  maxp.writeUInt16BE(order.length, 4);
  const tables = new Map<string, Buffer>([
    ['head', head],
    ['hhea', hhea],
    ['maxp', maxp],
    ['hmtx', hmtx],
    ['loca', loca],
    ['glyf', Buffer.concat(glyphs)],
  ]);
  const post = font.tables.get('post');
  if (post && post.length >= 32) {
    const p3 = Buffer.from(post.subarray(0, 32));
    p3.writeUInt32BE(0x00030000, 0);
    tables.set('post', p3);
  }
  for (const tag of ['cvt ', 'fpgm', 'prep', 'OS/2']) {
    const t = font.tables.get(tag);
    if (t) tables.set(tag, Buffer.from(t));
  }
  return { data: assembleFont(tables), newIds };
}

const fontCache = new Map<string, TrueTypeFont | null>();

/** The first usable CJK TrueType font among the paths (parsed once per process), or null. */
export function loadCjkFont(paths: readonly string[] = CJK_FONT_PATHS): TrueTypeFont | null {
  for (const path of paths) {
    if (!fontCache.has(path)) {
      let font: TrueTypeFont | null = null;
      try {
        if (existsSync(path)) {
          const parsed = parseTrueType(
            readFileSync(path),
            basename(path)
              .replace(/\.[^.]+$/, '')
              .replace(/\W/g, ''),
          );
          // Usable only if it has Chinese glyphs.
          font = parsed?.cmap.has(0x4e2d) ? parsed : null;
        }
      } catch {
        font = null;
      }
      fontCache.set(path, font);
    }
    const font = fontCache.get(path);
    if (font) return font;
  }
  return null;
}

// ── Text measuring and encoding ─────────────────────────────────────────────

interface TextFont {
  /** Advance of a character in 1/1000 em. */
  width(cp: number): number;
  /** Hex string of the shown text for the content stream. */
  encode(text: string): string;
}

class EmbeddedFont implements TextFont {
  readonly used = new Map<number, number>(); // original gid → code point
  constructor(readonly font: TrueTypeFont) {}
  private gid(cp: number) {
    return this.font.cmap.get(cp) ?? this.font.cmap.get(0x25a1) ?? 0; // □ for a missing glyph
  }
  width(cp: number) {
    return (advanceOf(this.font, this.gid(cp)) * 1000) / this.font.unitsPerEm;
  }
  encode(text: string) {
    let hex = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const gid = this.gid(cp);
      if (!this.used.has(gid)) this.used.set(gid, cp);
      // The final ids are known only after the subset is built: write placeholders, replaced at the end.
      hex += `\u0000${gid.toString(16).padStart(4, '0')}`;
    }
    return hex;
  }
}

class StandardCjkFont implements TextFont {
  width(cp: number) {
    return cp >= 0x20 && cp <= 0x7e ? 500 : 1000;
  }
  encode(text: string) {
    let hex = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      hex += (cp > 0xffff ? 0x3f : cp).toString(16).padStart(4, '0');
    }
    return hex;
  }
}

function textWidth(font: TextFont, text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += font.width(ch.codePointAt(0)!);
  return (w * size) / 1000;
}

/** Lines of at most `width` points; breaks at any character (Chinese has no spaces), honours \n. */
function wrapText(font: TextFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    let w = 0;
    for (const ch of para) {
      const cw = (font.width(ch.codePointAt(0)!) * size) / 1000;
      if (line && w + cw > width) {
        lines.push(line);
        line = '';
        w = 0;
      }
      line += ch;
      w += cw;
    }
    lines.push(line);
  }
  return lines;
}

// ── Layout ──────────────────────────────────────────────────────────────────

const MARGIN = 36;
const TITLE_SIZE = 16;
const META_SIZE = 9;
const HEADING_SIZE = 11;
const CELL_SIZE = 8;
const CELL_LEADING = 10.5;
const PAD = 3;
const FOOTER_SIZE = 8;

/** A PDF string literal for /Info: UTF-16BE with a byte order mark. */
const infoString = (s: string) => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;

class PageWriter {
  pages: string[][] = [];
  private ops: string[] = [];
  y = 0;
  constructor(
    readonly font: TextFont,
    readonly width: number,
    readonly height: number,
  ) {
    this.newPage();
  }
  get bottom() {
    return MARGIN + FOOTER_SIZE + 8;
  }
  newPage() {
    this.ops = [];
    this.pages.push(this.ops);
    this.y = this.height - MARGIN;
  }
  text(x: number, baseline: number, size: number, s: string) {
    if (!s) return;
    this.ops.push(`BT /F1 ${size} Tf ${x.toFixed(2)} ${baseline.toFixed(2)} Td <${this.font.encode(s)}> Tj ET`);
  }
  line(text: string, size: number, gap = 4) {
    const lines = wrapText(this.font, text, size, this.width - 2 * MARGIN);
    for (const l of lines) {
      if (this.y - size < this.bottom) this.newPage();
      this.text(MARGIN, this.y - size, size, l);
      this.y -= size + gap;
    }
  }
  rect(x: number, top: number, w: number, h: number, fill: boolean) {
    this.ops.push(
      fill
        ? `0.92 g ${x.toFixed(2)} ${(top - h).toFixed(2)} ${w.toFixed(2)} ${h.toFixed(2)} re f 0 g`
        : `${x.toFixed(2)} ${(top - h).toFixed(2)} ${w.toFixed(2)} ${h.toFixed(2)} re S`,
    );
  }
  raw(op: string) {
    this.ops.push(op);
  }
}

function drawRow(
  pw: PageWriter,
  xs: number[],
  widths: number[],
  cells: string[][],
  aligns: PdfAlign[],
  height: number,
  header: boolean,
) {
  const top = pw.y;
  const total = widths.reduce((a, b) => a + b, 0);
  if (header) pw.rect(xs[0]!, top, total, height, true);
  cells.forEach((lines, i) => {
    lines.forEach((l, k) => {
      const baseline = top - PAD - CELL_SIZE - k * CELL_LEADING + 1.5;
      const tw = textWidth(pw.font, l, CELL_SIZE);
      const align = aligns[i] ?? 'left';
      const x =
        align === 'right'
          ? xs[i]! + widths[i]! - PAD - tw
          : align === 'center'
            ? xs[i]! + (widths[i]! - tw) / 2
            : xs[i]! + PAD;
      pw.text(x, baseline, CELL_SIZE, l);
    });
    pw.rect(xs[i]!, top, widths[i]!, height, false);
  });
  pw.y -= height;
}

function drawTable(pw: PageWriter, table: PdfTable) {
  const avail = pw.width - 2 * MARGIN;
  const sum = table.columns.reduce((a, c) => a + c.width, 0) || 1;
  const widths = table.columns.map((c) => (c.width / sum) * avail);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const aligns = table.columns.map((c) => c.align ?? 'left');
  const layout = (cells: readonly string[]) => {
    const lines = widths.map((w, i) => wrapText(pw.font, cells[i] ?? '', CELL_SIZE, w - 2 * PAD));
    const n = Math.max(1, ...lines.map((l) => l.length));
    return { lines, height: n * CELL_LEADING + 2 * PAD };
  };
  const header = layout(table.columns.map((c) => c.header));
  const headerAligns = table.columns.map(() => 'center' as PdfAlign);

  if (table.heading) {
    if (pw.y - HEADING_SIZE - header.height - 20 < pw.bottom) pw.newPage();
    pw.line(table.heading, HEADING_SIZE, 6);
  }
  if (pw.y - header.height - 20 < pw.bottom) pw.newPage();
  pw.raw('0.5 w');
  drawRow(pw, xs, widths, header.lines, headerAligns, header.height, true);
  for (const row of table.rows) {
    let r = layout(row);
    // A row taller than a page is cut to what fits (never happens with report cells, but must end).
    const room = pw.height - 2 * MARGIN - header.height - (pw.bottom - MARGIN);
    if (r.height > room) {
      const keep = Math.max(1, Math.floor((room - 2 * PAD) / CELL_LEADING));
      r = { lines: r.lines.map((l) => l.slice(0, keep)), height: keep * CELL_LEADING + 2 * PAD };
    }
    if (pw.y - r.height < pw.bottom) {
      pw.newPage();
      pw.raw('0.5 w');
      drawRow(pw, xs, widths, header.lines, headerAligns, header.height, true);
    }
    drawRow(pw, xs, widths, r.lines, aligns, r.height, false);
  }
  pw.y -= 12;
}

// ── Serialization ───────────────────────────────────────────────────────────

class PdfObjects {
  private objects: (Buffer | null)[] = [];
  reserve(): number {
    this.objects.push(null);
    return this.objects.length;
  }
  set(id: number, body: string | Buffer) {
    this.objects[id - 1] = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  }
  add(body: string | Buffer): number {
    const id = this.reserve();
    this.set(id, body);
    return id;
  }
  stream(dict: string, data: Buffer, compress = true): number {
    const bytes = compress ? deflateSync(data) : data;
    const head = `<< ${dict}${compress ? ' /Filter /FlateDecode' : ''} /Length ${bytes.length} >>\nstream\n`;
    return this.add(Buffer.concat([Buffer.from(head, 'latin1'), bytes, Buffer.from('\nendstream', 'latin1')]));
  }
  serialize(rootId: number, infoId: number): Buffer {
    const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
    let offset = parts[0]!.length;
    const offsets: number[] = [];
    this.objects.forEach((body, i) => {
      const chunk = Buffer.concat([
        Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
        body ?? Buffer.from('null', 'latin1'),
        Buffer.from('\nendobj\n', 'latin1'),
      ]);
      offsets.push(offset);
      parts.push(chunk);
      offset += chunk.length;
    });
    const xref = [`xref\n0 ${this.objects.length + 1}\n0000000000 65535 f \n`];
    for (const o of offsets) xref.push(`${String(o).padStart(10, '0')} 00000 n \n`);
    xref.push(
      `trailer\n<< /Size ${this.objects.length + 1} /Root ${rootId} 0 R /Info ${infoId} 0 R >>\nstartxref\n${offset}\n%%EOF\n`,
    );
    parts.push(Buffer.from(xref.join(''), 'latin1'));
    return Buffer.concat(parts);
  }
}

function toUnicodeCMap(pairs: [number, number][]): Buffer {
  const hex4 = (n: number) => n.toString(16).padStart(4, '0').toUpperCase();
  const utf16 = (cp: number) => Buffer.from(String.fromCodePoint(cp), 'utf16le').swap16().toString('hex').toUpperCase();
  const chunks: string[] = [];
  for (let i = 0; i < pairs.length; i += 100) {
    const part = pairs.slice(i, i + 100);
    chunks.push(
      `${part.length} beginbfchar\n${part.map(([cid, cp]) => `<${hex4(cid)}> <${utf16(cp)}>`).join('\n')}\nendbfchar`,
    );
  }
  return Buffer.from(
    [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<0000> <FFFF>',
      'endcodespacerange',
      ...chunks,
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
    ].join('\n'),
    'latin1',
  );
}

const pdfDate = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
};

/** Writes the document; see the file header for how Chinese text is rendered. */
export function tablePdf(doc: PdfDocument, opts: PdfOptions = {}): Buffer {
  const ttf = loadCjkFont(opts.fontPaths ?? CJK_FONT_PATHS);
  const font: TextFont = ttf ? new EmbeddedFont(ttf) : new StandardCjkFont();
  const [width, height] = doc.orientation === 'portrait' ? [595.28, 841.89] : [841.89, 595.28];
  const pw = new PageWriter(font, width, height);

  pw.line(doc.title, TITLE_SIZE, 8);
  for (const m of doc.meta) pw.line(m, META_SIZE, 3);
  pw.y -= 8;
  for (const t of doc.tables) drawTable(pw, t);
  if (doc.notes?.length) for (const n of doc.notes) pw.line(n, META_SIZE, 3);

  const total = pw.pages.length;
  pw.pages.forEach((ops, i) => {
    const label = `第 ${i + 1} 页，共 ${total} 页`;
    const x = (width - textWidth(font, label, FOOTER_SIZE)) / 2;
    ops.push(`BT /F1 ${FOOTER_SIZE} Tf ${x.toFixed(2)} ${MARGIN - FOOTER_SIZE} Td <${font.encode(label)}> Tj ET`);
  });

  const out = new PdfObjects();
  const catalogId = out.reserve();
  const pagesId = out.reserve();
  const fontId = out.reserve();
  let remap: (content: string) => string = (c) => c;

  if (font instanceof EmbeddedFont) {
    const f = font.font;
    const { data, newIds } = subsetTrueType(f, font.used.keys());
    const hexOf = (old: number) => (newIds.get(old) ?? 0).toString(16).padStart(4, '0');
    // Placeholders are NUL + 4 hex digits of the original glyph id.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the placeholder marker is a NUL by design.
    remap = (c) => c.replace(/\u0000([0-9a-f]{4})/g, (_, g: string) => hexOf(Number.parseInt(g, 16)));
    const scale = (v: number) => Math.round((v * 1000) / f.unitsPerEm);
    const order = [...newIds.entries()].sort((a, b) => a[1] - b[1]);
    const widths = order.map(([old]) => scale(advanceOf(f, old)));
    const fontFile = out.stream(`/Length1 ${data.length}`, data);
    const tag = 'CJKSUB';
    const descriptor = out.add(
      `<< /Type /FontDescriptor /FontName /${tag}+${f.name} /Flags 4 /FontBBox [${f.bbox.map(scale).join(' ')}] /ItalicAngle 0 /Ascent ${scale(f.ascent)} /Descent ${scale(f.descent)} /CapHeight ${scale(f.ascent)} /StemV 80 /FontFile2 ${fontFile} 0 R >>`,
    );
    const cidFont = out.add(
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${tag}+${f.name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /CIDToGIDMap /Identity /DW 1000 /W [0 [${widths.join(' ')}]] >>`,
    );
    const pairs: [number, number][] = [];
    for (const [old, cp] of font.used) pairs.push([newIds.get(old) ?? 0, cp]);
    pairs.sort((a, b) => a[0] - b[0]);
    const toUnicode = out.stream('', toUnicodeCMap(pairs));
    out.set(
      fontId,
      `<< /Type /Font /Subtype /Type0 /BaseFont /${tag}+${f.name} /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
    );
  } else {
    const descriptor = out.add(
      '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
    );
    const cidFont = out.add(
      `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /W [1 95 500] >>`,
    );
    out.set(
      fontId,
      `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H /DescendantFonts [${cidFont} 0 R] >>`,
    );
  }

  const pageIds: number[] = [];
  for (const ops of pw.pages) {
    const content = out.stream('', Buffer.from(remap(ops.join('\n')), 'latin1'));
    pageIds.push(
      out.add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 ${fontId} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  out.set(pagesId, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`);
  out.set(catalogId, `<< /Type /Catalog /Pages ${pagesId} 0 R >>`);
  const info = out.add(
    `<< /Title ${infoString(doc.title)} /Producer (Chanjiao) /CreationDate (${pdfDate(new Date())}) >>`,
  );
  return out.serialize(catalogId, info);
}
