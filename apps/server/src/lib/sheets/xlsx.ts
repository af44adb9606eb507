/**
 * A streaming xlsx reader for imports, with no dependency beyond node:zlib and node:fs.
 *
 * The zip is read through its central directory with positional reads, so the order of the entries
 * does not matter (Excel writes the worksheets before the shared strings). Worksheet XML is inflated
 * chunk by chunk and scanned as bytes: every tag is ASCII and no byte of a multi-byte UTF-8 character
 * is below 0x80, so a complete element can be cut out of the bytes and decoded on its own, and a
 * Chinese character split between two inflated chunks is never broken. Only complete rows are parsed;
 * the unfinished tail of a chunk is carried into the next, so a worksheet is never held whole. The
 * shared strings are held in memory as bytes, off the V8 heap (see `SharedStrings`).
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { createInflateRaw, type InflateRaw, inflateRaw } from 'node:zlib';
import type { CellRaw } from './normalize';

/** Bytes that can be read at any position: a file (positional reads) or a buffer. */
export interface RandomAccess {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

export interface XlsxRow {
  /** The row number Excel shows (1-based). */
  rowNumber: number;
  /** Index 0 = column A; empty cells are null; no trailing nulls. */
  cells: CellRaw[];
}

export interface XlsxSheet {
  name: string;
  /** state="hidden" or "veryHidden". */
  hidden: boolean;
  /** Read on demand: nothing of the sheet is inflated until this is iterated; each iteration reads anew. */
  rows: AsyncIterable<XlsxRow>;
}

/** The file is not a readable xlsx: not a zip, truncated, corrupt, or without a workbook. */
export class XlsxFormatError extends Error {
  override name = 'XlsxFormatError';
}

export function bufferSource(buf: Buffer): RandomAccess {
  return {
    size: buf.length,
    read: async (position, length) => buf.subarray(position, position + length),
    close: async () => {},
  };
}

/** A file opened for positional reads; the caller closes it (also after breaking out of a read). */
export async function fileSource(path: string): Promise<RandomAccess> {
  const handle = await open(path, 'r');
  let size: number;
  try {
    size = (await handle.stat()).size;
  } catch (error) {
    await handle.close();
    throw error;
  }
  let closing: Promise<void> | null = null;
  return {
    size,
    async read(position, length) {
      const buf = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buf, filled, length - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === length ? buf : buf.subarray(0, filled);
    },
    close() {
      closing ??= handle.close();
      return closing;
    },
  };
}

/**
 * The worksheets of an xlsx in workbook order (chart sheets are left out). Throws `XlsxFormatError`
 * for a file that is not a readable xlsx, when the sheets are listed or when a sheet's rows are read.
 * The caller owns `source` and closes it; breaking out of a sheet's rows stops all reading at once.
 */
export function readXlsx(source: RandomAccess): AsyncIterable<XlsxSheet> {
  return workbookSheets(source);
}

// ---------------------------------------------------------------------------------------------
// Zip

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  /** Offset of the local file header. */
  offset: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const U32_MAX = 0xffffffff;
/** Compressed bytes read at a time from the source. */
const READ_SIZE = 256 * 1024;
/** Inflated bytes handed to the parser at a time. */
const INFLATE_CHUNK = 256 * 1024;
/** Largest part read whole (workbook, relationships, styles). */
const MAX_SMALL_PART = 64 * 1024 * 1024;

const entryKey = (name: string) => name.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();

async function readExact(source: RandomAccess, position: number, length: number, what: string): Promise<Buffer> {
  if (position < 0 || position + length > source.size) {
    throw new XlsxFormatError(`The file is truncated or corrupt: ${what} lies beyond its end`);
  }
  if (length === 0) return Buffer.alloc(0);
  const buf = await source.read(position, length);
  if (buf.length < length) throw new XlsxFormatError(`The file is truncated: ${what} cannot be read`);
  return buf;
}

function u64(buf: Buffer, at: number): number {
  const n = buf.readBigUInt64LE(at);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new XlsxFormatError('The zip directory holds an impossible size');
  return Number(n);
}

/** The entries of the zip, from its central directory, by normalized lower-case name. */
async function readDirectory(source: RandomAccess): Promise<Map<string, ZipEntry>> {
  if (source.size < 22) throw new XlsxFormatError('The file is too small to be an xlsx (zip) file');
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  const tailLength = Math.min(source.size, 22 + 65535);
  const tailStart = source.size - tailLength;
  const tail = await readExact(source, tailStart, tailLength, 'the end of the zip directory');
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail.readUInt32LE(i) === SIG_END && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      end = i;
      break;
    }
  }
  if (end < 0)
    throw new XlsxFormatError('The file is not a zip archive, or it is truncated (no end of central directory)');
  let count = tail.readUInt16LE(end + 10);
  let dirSize = tail.readUInt32LE(end + 12);
  let dirOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || dirSize === U32_MAX || dirOffset === U32_MAX) {
    const locatorAt = tailStart + end - 20;
    const locator = await readExact(source, locatorAt, 20, 'the ZIP64 end locator');
    if (locator.readUInt32LE(0) !== SIG_END64_LOCATOR) {
      if (count !== 0xffff || dirSize === U32_MAX || dirOffset === U32_MAX) {
        throw new XlsxFormatError('The zip directory is damaged (ZIP64 locator not found)');
      }
    } else {
      const record = await readExact(source, u64(locator, 8), 56, 'the ZIP64 end record');
      if (record.readUInt32LE(0) !== SIG_END64)
        throw new XlsxFormatError('The zip directory is damaged (ZIP64 record)');
      count = u64(record, 32);
      dirSize = u64(record, 40);
      dirOffset = u64(record, 48);
    }
  }
  const dir = await readExact(source, dirOffset, dirSize, 'the zip central directory');
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dir.length || dir.readUInt32LE(at) !== SIG_CENTRAL) {
      throw new XlsxFormatError('The zip central directory is damaged');
    }
    const flags = dir.readUInt16LE(at + 8);
    const method = dir.readUInt16LE(at + 10);
    let compressedSize = dir.readUInt32LE(at + 20);
    let size = dir.readUInt32LE(at + 24);
    const nameLength = dir.readUInt16LE(at + 28);
    const extraLength = dir.readUInt16LE(at + 30);
    const commentLength = dir.readUInt16LE(at + 32);
    let offset = dir.readUInt32LE(at + 42);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd + extraLength + commentLength > dir.length)
      throw new XlsxFormatError('The zip central directory is damaged');
    const name = dir.toString('utf8', at + 46, nameEnd);
    if (size === U32_MAX || compressedSize === U32_MAX || offset === U32_MAX) {
      // ZIP64 extended information: the 8-byte values of exactly the fields that overflowed, in this order.
      for (let e = nameEnd; e + 4 <= nameEnd + extraLength; ) {
        const id = dir.readUInt16LE(e);
        const length = dir.readUInt16LE(e + 2);
        if (id === 1) {
          let p = e + 4;
          if (size === U32_MAX) {
            size = u64(dir, p);
            p += 8;
          }
          if (compressedSize === U32_MAX) {
            compressedSize = u64(dir, p);
            p += 8;
          }
          if (offset === U32_MAX) offset = u64(dir, p);
          break;
        }
        e += 4 + length;
      }
    }
    const key = entryKey(name);
    if (!key.endsWith('/') && !entries.has(key)) {
      entries.set(key, { name, method, flags, compressedSize, size, offset });
    }
    at = nameEnd + extraLength + commentLength;
  }
  return entries;
}

function checkEntry(entry: ZipEntry): void {
  if (entry.flags & 1) throw new XlsxFormatError(`${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new XlsxFormatError(`${entry.name} uses an unsupported compression method (${entry.method})`);
  }
}

/** Where the entry's data starts: after its local header, whose name and extra lengths are its own. */
async function dataStart(source: RandomAccess, entry: ZipEntry): Promise<number> {
  checkEntry(entry);
  const header = await readExact(source, entry.offset, 30, `the local header of ${entry.name}`);
  if (header.readUInt32LE(0) !== SIG_LOCAL) throw new XlsxFormatError(`The zip entry ${entry.name} is damaged`);
  const start = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + entry.compressedSize > source.size) {
    throw new XlsxFormatError(`The file is truncated: ${entry.name} lies beyond its end`);
  }
  return start;
}

const inflateRawAsync = (data: Buffer, maxOutputLength: number) =>
  new Promise<Buffer>((resolve, reject) =>
    inflateRaw(data, { maxOutputLength }, (error, result) => (error ? reject(error) : resolve(result))),
  );

/** A small entry (relationships, workbook, styles) as a whole. */
async function readWhole(source: RandomAccess, entry: ZipEntry): Promise<Buffer> {
  if (entry.size > MAX_SMALL_PART) throw new XlsxFormatError(`${entry.name} is too large`);
  const start = await dataStart(source, entry);
  const raw = await readExact(source, start, entry.compressedSize, entry.name);
  let data = raw;
  if (entry.method === 8) {
    try {
      data = await inflateRawAsync(raw, MAX_SMALL_PART);
    } catch (error) {
      throw new XlsxFormatError(`${entry.name} is corrupt: ${(error as Error).message}`);
    }
  }
  if (data.length !== entry.size) throw new XlsxFormatError(`${entry.name} is corrupt (wrong size)`);
  return data;
}

/** Resolves on 'drain', or when the stream is destroyed (then no 'drain' ever comes). */
function drained(stream: InflateRaw): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/**
 * The entry's bytes, inflated, in chunks. Compressed bytes are read as the inflater asks for them;
 * when the consumer stops early the inflater is destroyed and no read is left in flight.
 */
async function* entryChunks(source: RandomAccess, entry: ZipEntry): AsyncGenerator<Buffer> {
  const start = await dataStart(source, entry);
  const end = start + entry.compressedSize;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new XlsxFormatError(`${entry.name} is corrupt (wrong size)`);
    for (let pos = start; pos < end; pos += READ_SIZE) {
      yield await readExact(source, pos, Math.min(READ_SIZE, end - pos), entry.name);
    }
    return;
  }
  const inflate = createInflateRaw({ chunkSize: INFLATE_CHUNK });
  let stopped = false;
  const pump = (async () => {
    try {
      for (let pos = start; pos < end; pos += READ_SIZE) {
        const chunk = await readExact(source, pos, Math.min(READ_SIZE, end - pos), entry.name);
        if (stopped || inflate.destroyed) return;
        if (!inflate.write(chunk)) await drained(inflate);
        if (stopped || inflate.destroyed) return;
      }
      inflate.end();
    } catch (error) {
      inflate.destroy(error as Error);
    }
  })();
  let produced = 0;
  try {
    for await (const chunk of inflate) {
      produced += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  } catch (error) {
    // zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR…) mean corrupt data; others (reading the file) pass as they are.
    if (String((error as NodeJS.ErrnoException).code).startsWith('Z_')) {
      throw new XlsxFormatError(`${entry.name} is corrupt: ${(error as Error).message}`);
    }
    throw error;
  } finally {
    stopped = true;
    inflate.destroy();
    await pump;
  }
  if (produced !== entry.size) throw new XlsxFormatError(`${entry.name} is corrupt (wrong size)`);
}

// ---------------------------------------------------------------------------------------------
// Small XML parts (relationships, workbook, styles): read whole, scanned with regular expressions.

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#[xX]([0-9a-fA-F]+));/g;

function decodeEntities(s: string): string {
  return s.replace(ENTITY, (match, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return NAMED_ENTITIES[name]!;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

/** Excel writes characters XML cannot hold (and a literal `_xHHHH_`, as `_x005F_xHHHH_`) this way. */
const EXCEL_ESCAPE = /_x([0-9a-fA-F]{4})_/g;
const decodeExcelEscapes = (s: string) =>
  s.replace(EXCEL_ESCAPE, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

function xmlString(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe) return data.toString('utf16le', 2);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  return data.toString('utf8', data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0);
}

const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a start tag, by qualified name. */
function attributesOf(tag: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of tag.matchAll(ATTRIBUTE)) map.set(m[1]!, decodeEntities(m[2] ?? m[3] ?? ''));
  return map;
}

/** The start tags of the elements with this local name (any namespace prefix). */
function elements(xml: string, local: string): Map<string, string>[] {
  const re = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${local}(?=[\\s/>])([^>]*)>`, 'g');
  return [...xml.matchAll(re)].map((m) => attributesOf(m[1]!));
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** A relationship target as a part name: relative to the source part's folder, or absolute. */
function resolvePart(baseDir: string, target: string): string {
  let t = target.replace(/\\/g, '/');
  if (t.includes('%')) {
    try {
      t = decodeURIComponent(t);
    } catch {
      // Not percent-encoded after all.
    }
  }
  const parts: string[] = [];
  for (const part of (t.startsWith('/') ? t : baseDir + t).split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

function parseRelationships(xml: string, baseDir: string): Relationship[] {
  return elements(xml, 'Relationship')
    .filter((a) => a.get('TargetMode') !== 'External' && a.has('Target'))
    .map((a) => ({ id: a.get('Id') ?? '', type: a.get('Type') ?? '', target: resolvePart(baseDir, a.get('Target')!) }));
}

/** Built-in number formats that show a date or a time. */
function isBuiltInDateFormat(id: number): boolean {
  return (
    (id >= 14 && id <= 22) ||
    (id >= 27 && id <= 36) ||
    (id >= 45 && id <= 47) ||
    (id >= 50 && id <= 58) ||
    (id >= 71 && id <= 81)
  );
}

/** Whether a custom format shows a date or time: y m d h s outside quotes, escapes and [..] sections. */
function isDateFormatCode(code: string): boolean {
  if (/^\s*general\s*$/i.test(code)) return false;
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    // _x pads with the width of x, *x repeats x: neither is shown as a format letter.
    .replace(/[_*]./g, '')
    // Elapsed time ([h]:mm, [mm]:ss) is a duration; read it as a date/time like Excel's own date cells.
    .replace(/\[(?:h+|m+|s+)\]/gi, 'h')
    .replace(/\[[^\]]*\]/g, '');
  return /[ymdhs]/i.test(bare);
}

/** For each cell style (index into cellXfs), whether its number format is a date. */
function dateStyles(xml: string): Uint8Array {
  const codes = new Map<number, string>();
  for (const a of elements(xml, 'numFmt')) {
    const id = Number(a.get('numFmtId'));
    if (Number.isInteger(id)) codes.set(id, a.get('formatCode') ?? '');
  }
  const section = /<(?:[A-Za-z_][\w.-]*:)?cellXfs(?=[\s>])[^>]*>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?cellXfs>/.exec(xml);
  const xfs = section ? elements(section[1]!, 'xf') : [];
  const dates = new Uint8Array(xfs.length);
  xfs.forEach((a, i) => {
    const id = Number(a.get('numFmtId') ?? 0);
    const code = codes.get(id);
    dates[i] = (code !== undefined ? isDateFormatCode(code) : isBuiltInDateFormat(id)) ? 1 : 0;
  });
  return dates;
}

// ---------------------------------------------------------------------------------------------
// Streamed XML: worksheets and shared strings, scanned as bytes.

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const EQ = 0x3d;
const QUOTE = 0x22;
const APOS = 0x27;
const COLON = 0x3a;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Node's own decoders, without the encoding lookup of `toString` (they are on every Buffer). */
interface Slicing {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * Byte classes in text content: 1 ends it (`<`), 2 may need decoding (`&`, `_` of `_xHHHH_`, CR),
 * 4 is part of a multi-byte UTF-8 character.
 */
const TEXT_CLASS = new Uint8Array(256);
TEXT_CLASS[LT] = 1;
TEXT_CLASS[0x26] = 2;
TEXT_CLASS[0x5f] = 2;
TEXT_CLASS[0x0d] = 2;
TEXT_CLASS.fill(4, 0x80);

/** The classes met by the last `textEnd`. */
let textFlags = 0;

/** Index of the `<` ending the text that starts at i (or `to`); sets `textFlags`. */
function textEnd(buf: Buffer, i: number, to: number): number {
  let flags = 0;
  for (; i < to; i++) {
    const f = TEXT_CLASS[buf[i]!]!;
    if (f === 1) break;
    flags |= f;
  }
  textFlags = flags;
  return i;
}

/** Line ends normalized as an XML parser does, then entities, then Excel's `_xHHHH_`. */
function unescapeText(s: string): string {
  if (s.indexOf('\r') !== -1) s = s.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') !== -1) s = decodeEntities(s);
  if (s.indexOf('_x') !== -1) s = decodeExcelEscapes(s);
  return s;
}

/** Decoded text content of [start, end) with the classes `flags` (from `textEnd`). */
function decodeText(buf: Buffer, start: number, end: number, flags: number): string {
  if (start >= end) return '';
  const s =
    flags & 4 ? (buf as unknown as Slicing).utf8Slice(start, end) : (buf as unknown as Slicing).latin1Slice(start, end);
  return flags & 2 ? unescapeText(s) : s;
}

/**
 * The texts of one scanned region, decoded back to back into one buffer, then made into one string
 * and sliced. Creating each string from the bytes on its own costs a native call per string, which
 * was most of the time spent on a large shared-strings table; Node's UTF-8 decoder is also slower
 * than this loop, which visits each byte once anyway. Only texts, never markup, are kept.
 */
class TextBatch implements TextSink {
  /** ASCII texts as bytes (a one-byte string when the whole batch is ASCII). */
  private bytes = Buffer.allocUnsafe(64 * 1024);
  /** The same texts as UTF-16 code units. */
  private units = new Uint16Array(32 * 1024);
  private length = 0;
  private flags = 0;
  /** Per text: start unit, end unit, classes. */
  private entries: number[] = [];
  private openAt = -1;

  get size(): number {
    return this.entries.length / 3;
  }

  /** Starts a text; returns its index. */
  open(): number {
    this.openAt = this.entries.length;
    this.entries.push(this.length, this.length, 0);
    return this.openAt / 3;
  }

  /** Appends the text content that starts at i to the open text; returns the index of the `<` ending it. */
  append(buf: Buffer, i: number, to: number): number {
    const room = this.length + (to - i);
    if (this.units.length < room) {
      const units = new Uint16Array(Math.max(this.units.length * 2, room));
      units.set(this.units.subarray(0, this.length));
      this.units = units;
    }
    let bytes = this.bytes;
    const units = this.units;
    let n = this.length;
    let flags = 0;
    for (; i < to; i++) {
      const b = buf[i]!;
      if (b < 0x80) {
        const f = TEXT_CLASS[b]!;
        if (f === 1) break;
        flags |= f;
        if (flags & 4) units[n++] = b;
        else {
          if (n >= bytes.length) {
            const grown = Buffer.allocUnsafe(Math.max(bytes.length * 2, room));
            bytes.copy(grown, 0, 0, n);
            this.bytes = bytes = grown;
          }
          bytes[n] = b;
          units[n++] = b;
        }
        continue;
      }
      flags |= 4;
      // A multi-byte UTF-8 sequence; a malformed one becomes U+FFFD, byte by byte.
      const b1 = buf[i + 1]! & 0xff;
      if (b >= 0xc2 && b < 0xe0 && i + 1 < to && (b1 & 0xc0) === 0x80) {
        units[n++] = ((b & 0x1f) << 6) | (b1 & 0x3f);
        i += 1;
        continue;
      }
      const b2 = buf[i + 2]! & 0xff;
      if (b >= 0xe0 && b < 0xf0 && i + 2 < to && (b1 & 0xc0) === 0x80 && (b2 & 0xc0) === 0x80) {
        units[n++] = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
        i += 2;
        continue;
      }
      const b3 = buf[i + 3]! & 0xff;
      if (b >= 0xf0 && b < 0xf5 && i + 3 < to && (b1 & 0xc0) === 0x80 && (b2 & 0xc0) === 0x80 && (b3 & 0xc0) === 0x80) {
        const cp = (((b & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f)) - 0x10000;
        if (cp >= 0 && cp < 0x100000) {
          units[n++] = 0xd800 | (cp >> 10);
          units[n++] = 0xdc00 | (cp & 0x3ff);
          i += 3;
          continue;
        }
      }
      units[n++] = 0xfffd;
    }
    this.length = n;
    this.flags |= flags;
    const entries = this.entries;
    const at = this.openAt;
    entries[at + 1] = n;
    entries[at + 2]! |= flags;
    return i;
  }

  /** All texts as one string. */
  decodeAll(): string {
    if (this.length === 0) return '';
    if (!(this.flags & 4)) return (this.bytes as unknown as Slicing).latin1Slice(0, this.length);
    const units = Buffer.from(this.units.buffer, this.units.byteOffset, this.length * 2);
    return (units as unknown as Slicing & { ucs2Slice(start: number, end: number): string }).ucs2Slice(
      0,
      this.length * 2,
    );
  }

  /** Text k, decoded, from `decodeAll()`'s string. */
  text(k: number, all: string): string {
    const e = this.entries;
    const j = k * 3;
    const text = all.slice(e[j], e[j + 1]);
    return e[j + 2]! & 2 ? unescapeText(text) : text;
  }

  clear(): void {
    this.entries.length = 0;
    this.length = this.flags = 0;
  }

  /** The texts, in order; the batch is emptied. */
  take(): string[] {
    const count = this.size;
    const texts = new Array<string>(count);
    const all = this.decodeAll();
    for (let k = 0; k < count; k++) texts[k] = this.text(k, all);
    this.clear();
    return texts;
  }
}

const CACHE_SIZE = 4096;
/** Bytes of a shared-strings chunk (less for a smaller part). */
const STRINGS_CHUNK = 32 * 1024 * 1024;

/** Where the texts of string items go: appended run by run (`<t>` of rich text), one item after another. */
interface TextSink {
  /** Starts a text; returns its index. */
  open(): number;
  /** Appends the text content that starts at i to the open text; returns the index of the `<` ending it. */
  append(buf: Buffer, i: number, to: number): number;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The shared-strings table, held off the V8 heap: each item's text, already decoded (entities,
 * `_xHHHH_`, CR LF, rich-text runs joined, phonetic runs left out), back to back in large buffers,
 * ASCII texts as bytes and the others as UTF-16 (what V8 copies into a string fastest, and for
 * Chinese smaller than UTF-8), with each item's start in a typed array. A cell's string is made from
 * its bytes when it is read, and a small cache gives cells that repeat a value (a district, a type,
 * 是/否) one and the same string. Kept as JS strings, three million unique strings (a million rows)
 * took 92 MB of V8 heap, which V8 sizes the whole heap by; as bytes they take none, and the garbage
 * collector has no millions of strings to move. Only the texts of a region of the part that is not
 * valid UTF-8 (decoded as the worksheets' texts are, U+FFFD for each bad byte) are kept as strings.
 */
class SharedStrings implements TextSink {
  count = 0;
  /** The chunks; a new one starts when an item does not fit in the last. */
  private chunks: Buffer[] = [];
  /** Per chunk, its first item. */
  private chunkFirst: number[] = [];
  /** Per chunk but the last, the end of its last item. */
  private chunkUsed: number[] = [];
  private chunk: Buffer = Buffer.alloc(0);
  private pos = 0;
  /**
   * Offset in its chunk of each item's end, one place on: offsets[k + 1] is the end of item k, and
   * item k starts at offsets[k] rounded up to even (a UTF-16 text is read fastest when aligned).
   */
  private offsets = new Uint32Array(1024);
  /** One bit per item: its text is UTF-16 (else ASCII). */
  private wide = new Uint8Array(128);
  /** The open item (-1: none), its start, whether it is UTF-16 and needs decoding (entities, `_xHHHH_`, CR). */
  private openItem = -1;
  private itemStart = 0;
  private itemWide = false;
  private itemSpecial = false;
  /** Items kept as strings (from a region that is not valid UTF-8): their bytes are empty. */
  private decoded = new Map<number, string>();
  private cacheKeys = new Int32Array(CACHE_SIZE).fill(-1);
  private cacheValues = new Array<string>(CACHE_SIZE).fill('');

  /** `partSize`: the inflated size of the part, which sizes the chunks of a small one. */
  constructor(private readonly partSize = 0) {}

  /** Makes room for `items` in all, as the table's `uniqueCount` announces. */
  reserve(items: number): void {
    if (this.offsets.length >= items + 1) return;
    const offsets = new Uint32Array(items + 1);
    offsets.set(this.offsets.subarray(0, this.count + 1));
    this.offsets = offsets;
    const wide = new Uint8Array((items >> 3) + 1);
    wide.set(this.wide);
    this.wide = wide;
  }

  open(): number {
    if (this.openItem >= 0) this.close();
    const k = this.count;
    if (this.offsets.length < k + 2) this.reserve(Math.max(this.offsets.length * 2, k + 2));
    this.openItem = k;
    this.offsets[k] = this.pos;
    this.pos = this.itemStart = (this.pos + 1) & ~1;
    this.itemWide = this.itemSpecial = false;
    this.count = k + 1;
    this.offsets[k + 1] = this.pos;
    return k;
  }

  /** The text must be valid UTF-8 (the scanner checks each region). */
  append(buf: Buffer, i: number, to: number): number {
    const e = textEnd(buf, i, to);
    const n = e - i;
    if (n === 0) return e;
    const flags = textFlags;
    if (flags & 2) this.itemSpecial = true;
    if (!(flags & 4) && !this.itemWide) {
      this.room(n);
      const chunk = this.chunk;
      let pos = this.pos;
      if (n < 64) for (let j = i; j < e; j++) chunk[pos++] = buf[j]!;
      else pos += buf.copy(chunk, pos, i, e);
      this.pos = pos;
      return e;
    }
    if (!this.itemWide) this.widen(2 * n);
    else this.room(2 * n);
    // UTF-8 to UTF-16LE: at most one unit per byte.
    const chunk = this.chunk;
    let pos = this.pos;
    for (let j = i; j < e; ) {
      const b = buf[j]!;
      let u: number;
      if (b < 0x80) {
        u = b;
        j++;
      } else if (b < 0xe0) {
        u = ((b & 0x1f) << 6) | (buf[j + 1]! & 0x3f);
        j += 2;
      } else if (b < 0xf0) {
        u = ((b & 0x0f) << 12) | ((buf[j + 1]! & 0x3f) << 6) | (buf[j + 2]! & 0x3f);
        j += 3;
      } else {
        const cp =
          (((b & 0x07) << 18) | ((buf[j + 1]! & 0x3f) << 12) | ((buf[j + 2]! & 0x3f) << 6) | (buf[j + 3]! & 0x3f)) -
          0x10000;
        const high = 0xd800 | (cp >> 10);
        chunk[pos++] = high & 0xff;
        chunk[pos++] = high >> 8;
        u = 0xdc00 | (cp & 0x3ff);
        j += 4;
      }
      chunk[pos++] = u & 0xff;
      chunk[pos++] = u >> 8;
    }
    this.pos = pos;
    return e;
  }

  /** Ends the open item. */
  close(): void {
    const k = this.openItem;
    if (k < 0) return;
    if (this.itemSpecial) {
      const chunk = this.chunk as unknown as Slicing & { ucs2Slice(start: number, end: number): string };
      let start = this.itemStart;
      const text = unescapeText(this.itemWide ? chunk.ucs2Slice(start, this.pos) : chunk.latin1Slice(start, this.pos));
      this.pos = start;
      if (!this.itemWide && NON_ASCII.test(text)) this.itemWide = true;
      // Decoding never lengthens a UTF-16 text; an ASCII one may become UTF-16.
      this.room(this.itemWide ? 2 * text.length : text.length);
      start = this.itemStart;
      this.pos = start + this.chunk.write(text, start, this.itemWide ? 'utf16le' : 'latin1');
    }
    if (this.itemWide) this.wide[k >> 3]! |= 1 << (k & 7);
    this.offsets[k + 1] = this.pos;
    this.openItem = -1;
  }

  /** Takes as they are the texts a batch decoded (a region that is not valid UTF-8); the batch is emptied. */
  addStrings(batch: TextBatch): void {
    const n = batch.size;
    if (n === 0) return;
    this.close();
    if (this.offsets.length < this.count + n + 1) this.reserve(Math.max(this.offsets.length * 2, this.count + n + 1));
    const texts = batch.take();
    for (let j = 0; j < n; j++) {
      const k = this.count + j;
      this.offsets[k] = this.pos;
      if (texts[j] !== '') this.decoded.set(k, texts[j]!);
    }
    this.count += n;
    this.offsets[this.count] = this.pos;
  }

  /** The open item's bytes so far become UTF-16, with room for `more` bytes after them. */
  private widen(more: number): void {
    this.room(this.pos - this.itemStart + more);
    const chunk = this.chunk;
    const start = this.itemStart;
    const n = this.pos - start;
    // Backwards: each byte moves to 2 × its place.
    for (let j = n - 1; j >= 0; j--) {
      chunk[start + 2 * j] = chunk[start + j]!;
      chunk[start + 2 * j + 1] = 0;
    }
    this.pos = start + 2 * n;
    this.itemWide = true;
  }

  /** Makes room for `more` bytes after the open item's; moves it to a new chunk when they do not fit. */
  private room(more: number): void {
    if (this.pos + more <= this.chunk.length) return;
    const start = this.itemStart;
    const sofar = this.pos - start;
    const size = Math.max(Math.min(STRINGS_CHUNK, this.partSize * 2 + 64), (sofar + more) * 2, 4096);
    const chunk = Buffer.allocUnsafeSlow(size);
    if (sofar > 0) this.chunk.copy(chunk, 0, start, this.pos);
    const k = this.openItem;
    const last = this.chunks.length - 1;
    if (last >= 0 && this.chunkFirst[last] === k) {
      // The last chunk holds only this item: replace it.
      this.chunks[last] = chunk;
    } else {
      if (last >= 0) this.chunkUsed[last] = this.offsets[k]!;
      this.chunks.push(chunk);
      this.chunkFirst.push(k);
    }
    this.chunk = chunk;
    this.itemStart = 0;
    this.offsets[k] = 0;
    this.pos = sofar;
  }

  /** Item k, or null when there is no such item. */
  get(k: number): string | null {
    if (k < 0 || k >= this.count) return null;
    const slot = k & (CACHE_SIZE - 1);
    if (this.cacheKeys[slot] === k) return this.cacheValues[slot]!;
    const chunks = this.chunks;
    const first = this.chunkFirst;
    let c = chunks.length - 1;
    if (c > 0 && k < first[c]!) {
      let lo = 0;
      c--;
      while (lo < c) {
        const mid = (lo + c + 1) >> 1;
        if (first[mid]! <= k) lo = mid;
        else c = mid - 1;
      }
    }
    const start = (this.offsets[k]! + 1) & ~1;
    const end = c + 1 < chunks.length && first[c + 1] === k + 1 ? this.chunkUsed[c]! : this.offsets[k + 1]!;
    let text: string;
    if (start < end) {
      const chunk = chunks[c] as unknown as Slicing & { ucs2Slice(start: number, end: number): string };
      text = this.wide[k >> 3]! & (1 << (k & 7)) ? chunk.ucs2Slice(start, end) : chunk.utf8Slice(start, end);
    } else text = this.decoded.size > 0 ? (this.decoded.get(k) ?? '') : '';
    this.cacheKeys[slot] = k;
    this.cacheValues[slot] = text;
    return text;
  }
}

/** Whether the tag name starting at `p` is `name` (prefix included), followed by the end of the name. */
function tagIs(buf: Buffer, p: number, name: Buffer): boolean {
  const n = name.length;
  for (let k = 0; k < n; k++) if (buf[p + k] !== name[k]) return false;
  const b = buf[p + n];
  return b === GT || b === SLASH || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Index of the next `<` in [i, to), or `to`. */
function nextTag(buf: Buffer, i: number, to: number): number {
  while (i < to && buf[i] !== LT) i++;
  return i;
}

/** Index of the next `>` in [i, to), or `to`. */
function tagEnd(buf: Buffer, i: number, to: number): number {
  while (i < to && buf[i] !== GT) i++;
  return i;
}

/** Tag names, with the namespace prefix the part uses (usually none; `x:` from some generators). */
class Names {
  readonly container: Buffer;
  /** `<row` / `<si`: what starts an element. */
  readonly open: Buffer;
  readonly close: Buffer;
  readonly containerEnd: Buffer;
  readonly element: Buffer;
  readonly c: Buffer;
  readonly v: Buffer;
  readonly f: Buffer;
  readonly is: Buffer;
  readonly t: Buffer;
  readonly rPh: Buffer;
  constructor(prefix: string, container: string, element: string) {
    const b = (s: string) => Buffer.from(prefix + s, 'latin1');
    this.container = b(container);
    this.open = Buffer.from(`<${prefix}${element}`, 'latin1');
    this.close = Buffer.from(`</${prefix}${element}>`, 'latin1');
    this.containerEnd = Buffer.from(`</${prefix}${container}`, 'latin1');
    this.element = b(element);
    this.c = b('c');
    this.v = b('v');
    this.f = b('f');
    this.is = b('is');
    this.t = b('t');
    this.rPh = b('rPh');
  }
}

/** Where the last `richText` stopped: after the end tag of its element, or -1 if it did not end. */
let richEnd = -1;

/**
 * Adds to the batch's open text the text of a string item (`<si>`, `<is>`) whose content starts at i:
 * its `<t>`, or its rich-text runs' `<t>`s joined; phonetic runs (`<rPh>`) are left out. Stops after
 * the end tag `</{end}>`.
 */
function richText(buf: Buffer, i: number, to: number, names: Names, end: Buffer, batch: TextSink): void {
  richEnd = -1;
  for (;;) {
    i = nextTag(buf, i, to);
    if (i >= to) break;
    const p = i + 1;
    if (buf[p] === SLASH) {
      if (tagIs(buf, p + 1, end)) {
        richEnd = tagEnd(buf, p, to) + 1;
        break;
      }
      i = p;
    } else if (tagIs(buf, p, names.t)) {
      const k = tagEnd(buf, p, to);
      i = buf[k - 1] === SLASH ? k + 1 : batch.append(buf, k + 1, to);
    } else if (tagIs(buf, p, names.rPh)) {
      // Skip the phonetic run, <t> included.
      const k = tagEnd(buf, p, to);
      i = k + 1;
      if (buf[k - 1] !== SLASH) {
        for (;;) {
          i = nextTag(buf, i, to);
          if (i >= to || (buf[i + 1] === SLASH && tagIs(buf, i + 2, names.rPh))) break;
          i++;
        }
      }
    } else i = p;
  }
}

/**
 * Cuts a streamed part into its repeated elements (`<row>` in `<sheetData>`, `<si>` in `<sst>`).
 * Everything before the last element start of a chunk is complete, so it is scanned at once; the
 * rest (the last element, perhaps unfinished) is carried into the next chunk. Only that short tail
 * is ever copied.
 */
abstract class ElementScanner {
  protected names: Names | null = null;
  private tail: Buffer | null = null;
  /** The container has ended: the rest of the part is ignored. */
  protected done = false;
  private started = false;

  constructor(
    private readonly container: string,
    private readonly local: string,
  ) {}

  /**
   * Scans [from, to), which holds only complete elements, and returns where it stopped: `to`, or
   * the end of the container. Returns -1 when an element does not end within it.
   */
  protected abstract scan(buf: Buffer, from: number, to: number): number;

  push(chunk: Buffer): void {
    if (this.done || chunk.length === 0) return;
    let buf = chunk;
    let pos = 0;
    if (!this.started) {
      this.started = true;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new XlsxFormatError(`The ${this.container} part is UTF-16 encoded, which is not supported`);
      }
    }
    if (this.names === null) {
      buf = this.tail === null ? chunk : Buffer.concat([this.tail, chunk]);
      this.tail = null;
      pos = this.findContainer(buf);
      if (pos < 0) {
        this.tail = Buffer.from(buf.subarray(Math.max(0, buf.length - 1024)));
        return;
      }
    } else if (this.tail !== null) {
      const tail = this.tail;
      this.tail = null;
      const first = chunk.indexOf(this.names.open);
      if (first < 0) {
        // No element starts in this chunk: a long element, or the end of the part.
        buf = Buffer.concat([tail, chunk]);
        const end = buf.indexOf(this.names.containerEnd);
        if (end >= 0) {
          this.run(buf, 0, end + 1);
          this.done = true;
          return;
        }
        const last = buf.lastIndexOf(this.names.close);
        const stop = last < 0 ? 0 : last + this.names.close.length;
        if (stop > 0) this.run(buf, 0, stop);
        if (!this.done) this.tail = buf.subarray(stop);
        return;
      }
      const head = Buffer.concat([tail, chunk.subarray(0, first)]);
      this.run(head, 0, head.length);
      if (this.done) return;
      pos = first;
    }
    const last = buf.lastIndexOf(this.names!.open);
    if (last < pos) {
      // No element starts here; keep what may begin one, or the container's end tag.
      const keep = Math.max(pos, buf.length - 256);
      this.run(buf, pos, keep);
      if (!this.done) this.tail = buf.subarray(keep);
      return;
    }
    this.run(buf, pos, last);
    if (!this.done) this.tail = buf.subarray(last);
  }

  /** The part has ended: scans what is left. Throws when it ended inside an element. */
  finish(): void {
    if (this.done || this.tail === null || this.names === null) return;
    const tail = this.tail;
    this.tail = null;
    this.run(tail, 0, tail.length);
  }

  private run(buf: Buffer, from: number, to: number): void {
    if (from >= to) return;
    if (this.scan(buf, from, to) < 0) {
      throw new XlsxFormatError(`The ${this.container} XML is damaged: a <${this.local}> element does not end`);
    }
  }

  /** Finds the container's start tag and learns the prefix from it; the position after it, or -1. */
  private findContainer(buf: Buffer): number {
    const name = Buffer.from(this.container, 'latin1');
    for (let at = buf.indexOf(name); at >= 0; at = buf.indexOf(name, at + 1)) {
      // The byte after the name is needed: wait for the next chunk.
      if (at + name.length >= buf.length) return -1;
      if (!tagIs(buf, at, name)) continue;
      let p = at - 1;
      if (buf[p] === COLON) {
        p--;
        while (p >= 0 && buf[p] !== LT && !isSpace(buf[p]) && buf[p] !== GT && buf[p] !== SLASH) p--;
      }
      if (p < 0 || buf[p] !== LT) continue;
      this.names = new Names(buf.toString('latin1', p + 1, at), this.container, this.local);
      const end = tagEnd(buf, at, buf.length);
      if (end < buf.length) this.containerTag(buf.toString('latin1', at + name.length, end));
      return at + name.length;
    }
    return -1;
  }

  /** The attributes of the container's start tag. */
  protected containerTag(_attributes: string): void {}

  /** At `<` (index i): whether it is the container's end tag. */
  protected containerEnds(buf: Buffer, i: number): boolean {
    return buf[i + 1] === SLASH && tagIs(buf, i + 2, this.names!.container);
  }
}

class SharedStringsScanner extends ElementScanner {
  readonly strings: SharedStrings;
  /** For a region that is not valid UTF-8: its texts decoded as strings, as the worksheets' are. */
  private readonly batch = new TextBatch();
  /** `partSize`: the inflated size of the part; a `uniqueCount` beyond one item per 16 bytes is not believed. */
  constructor(private readonly partSize: number) {
    super('sst', 'si');
    this.strings = new SharedStrings(partSize);
  }

  protected override containerTag(attributes: string): void {
    const unique = /\buniqueCount\s*=\s*["'](\d+)["']/.exec(attributes);
    if (unique) this.strings.reserve(Math.min(Number(unique[1]), Math.ceil(this.partSize / 16)));
  }

  protected scan(buf: Buffer, from: number, to: number): number {
    // The region starts and ends at markup, so when it is valid UTF-8 so is each text in it, and
    // its bytes are the texts' own. Otherwise its texts are decoded byte by byte (U+FFFD for what is
    // not UTF-8) and kept as strings.
    if (isUtf8(buf.subarray(from, to))) {
      const stop = this.items(buf, from, to, this.strings);
      this.strings.close();
      return stop;
    }
    const stop = this.items(buf, from, to, this.batch);
    this.strings.addStrings(this.batch);
    return stop;
  }

  private items(buf: Buffer, i: number, to: number, batch: TextSink): number {
    const names = this.names!;
    const plain = names.t.length === 1;
    for (;;) {
      i = nextTag(buf, i, to);
      if (i >= to) return to;
      if (tagIs(buf, i + 1, names.element)) {
        const k = tagEnd(buf, i, to);
        if (k >= to) return -1;
        batch.open();
        if (buf[k - 1] === SLASH) {
          i = k + 1;
          continue;
        }
        // The usual <si><t>text</t></si>, read in one go.
        if (plain && buf[k + 1] === LT && buf[k + 2] === 0x74 && buf[k + 3] === GT) {
          const e = batch.append(buf, k + 4, to);
          if (
            e + 9 < to &&
            buf[e + 1] === SLASH &&
            buf[e + 2] === 0x74 &&
            buf[e + 3] === GT &&
            buf[e + 4] === LT &&
            buf[e + 5] === SLASH &&
            buf[e + 6] === 0x73 &&
            buf[e + 7] === 0x69 &&
            buf[e + 8] === GT
          ) {
            i = e + 9;
            continue;
          }
          richText(buf, e, to, names, names.element, batch);
          if (richEnd < 0) return -1;
          i = richEnd;
          continue;
        }
        richText(buf, k + 1, to, names, names.element, batch);
        if (richEnd < 0) return -1;
        i = richEnd;
      } else if (this.containerEnds(buf, i)) {
        this.done = true;
        return i;
      } else i++;
    }
  }
}

// Cell types (the `t` attribute).
const T_NUMBER = 0;
const T_SHARED = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_BOOL = 4;
const T_ERROR = 5;
const T_DATE = 6;

const MS_PER_DAY = 86_400_000;
/** Excel's serial of 1970-01-01 (1900 date system). */
const SERIAL_1970 = 25569;

/** A date serial → the Date whose UTC fields hold the wall-clock date and time. */
function serialToDate(serial: number, date1904: boolean): Date | number {
  let days = serial;
  if (date1904) days += 1462;
  // Excel's 1900 system counts a 1900-02-29 that never was.
  else if (serial < 61) days += 1;
  const date = new Date(Math.round((days - SERIAL_1970) * MS_PER_DAY));
  return Number.isNaN(date.getTime()) ? serial : date;
}

/** A `t="d"` cell: ISO 8601 text; without a zone it is wall-clock time, kept in the UTC fields. */
function isoToDate(text: string): Date | string {
  let iso = text.trim().replace(/^(\d{4}-\d\d-\d\d) (?=\d)/, '$1T');
  if (iso.includes('T') && !/(?:Z|[+-]\d\d:?\d\d)$/i.test(iso)) iso += 'Z';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? text : date;
}

/** Parses the `<row>` elements of a worksheet into cells. */
class SheetScanner extends ElementScanner {
  rows: XlsxRow[] = [];
  private lastRow = 0;
  /** The part uses no namespace prefix, so the fast paths apply. */
  private plain = false;
  private readonly batch = new TextBatch();
  /** Text cells waiting for the batch: cells, column, text index. */
  private pending: (CellRaw[] | number)[] = [];
  // Value ranges of the attributes r, s and t of the tag last read by `attributes`; -1 when absent.
  private rStart = -1;
  private rEnd = -1;
  private sStart = -1;
  private sEnd = -1;
  private tStart = -1;
  private tEnd = -1;

  constructor(
    private readonly strings: SharedStrings,
    private readonly dates: Uint8Array,
    private readonly date1904: boolean,
  ) {
    super('sheetData', 'row');
  }

  protected scan(buf: Buffer, from: number, to: number): number {
    const stop = this.rowsIn(buf, from, to);
    // Text cells got their texts' indexes in the batch; now the texts themselves.
    if (this.batch.size > 0) {
      const texts = this.batch.take();
      const pending = this.pending;
      for (let k = 0; k < pending.length; k += 3) {
        (pending[k] as CellRaw[])[pending[k + 1] as number] = texts[pending[k + 2] as number]!;
      }
      this.pending = [];
    }
    return stop;
  }

  private rowsIn(buf: Buffer, i: number, to: number): number {
    const names = this.names!;
    this.plain = names.c.length === 1;
    for (;;) {
      i = nextTag(buf, i, to);
      if (i >= to) return to;
      if (tagIs(buf, i + 1, names.element)) {
        i = this.row(buf, i + 1 + names.element.length, to);
        if (i < 0) return -1;
      } else if (this.containerEnds(buf, i)) {
        this.done = true;
        return i;
      } else i++;
    }
  }

  // What `fastAttributes` read: column number (0 when not given), type, style.
  private fastColumn = 0;
  private fastType = T_NUMBER;
  private fastStyle = 0;

  /**
   * The usual cell attributes, ` r="B2" s="3" t="s"` (any of them, in any order, single spaces, double
   * quotes), read in one go; returns the index of the tag's `>`, or -1 for anything else.
   */
  private fastAttributes(buf: Buffer, i: number, to: number): number {
    let column = 0;
    let type = T_NUMBER;
    let style = 0;
    for (;;) {
      const b = buf[i];
      if (b === GT) break;
      if (b === SLASH) {
        if (buf[i + 1] !== GT) return -1;
        i++;
        break;
      }
      if (b !== 0x20 || buf[i + 2] !== EQ || buf[i + 3] !== QUOTE) return -1;
      const name = buf[i + 1];
      i += 4;
      let ch = buf[i];
      if (name === 0x72) {
        while (ch !== undefined && ch >= 0x41 && ch <= 0x5a) {
          column = column * 26 + (ch - 0x40);
          ch = buf[++i];
        }
        while (ch !== undefined && ch >= ZERO && ch <= NINE) ch = buf[++i];
      } else if (name === 0x73) {
        while (ch !== undefined && ch >= ZERO && ch <= NINE) {
          style = style * 10 + (ch - ZERO);
          ch = buf[++i];
        }
      } else if (name === 0x74) {
        if (ch === 0x73 && buf[i + 1] === QUOTE) {
          type = T_SHARED;
          ch = buf[++i];
        } else {
          const start = i;
          while (i < to && buf[i] !== QUOTE) i++;
          type = cellType(buf, start, i);
          ch = buf[i];
        }
      } else {
        while (i < to && buf[i] !== QUOTE) i++;
        ch = buf[i];
      }
      if (ch !== QUOTE || i >= to) return -1;
      i++;
    }
    if (i >= to) return -1;
    this.fastColumn = column;
    this.fastType = type;
    this.fastStyle = style;
    return i;
  }

  /** Reads the attributes r, s and t of the start tag whose attributes begin at i; returns the index of its `>`. */
  private attributes(buf: Buffer, i: number, to: number): number {
    this.rStart = this.sStart = this.tStart = -1;
    for (;;) {
      let b = buf[i];
      while (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) b = buf[++i];
      if (b === GT || i >= to) return i;
      if (b === SLASH) {
        i++;
        continue;
      }
      let quote = buf[i + 2];
      let short = false;
      if (buf[i + 1] === EQ && (quote === QUOTE || quote === APOS)) {
        // The usual one-letter name="value".
        short = true;
        i += 3;
      } else {
        const nameStart = i;
        while (i < to && buf[i] !== EQ && buf[i] !== GT && !isSpace(buf[i])) i++;
        short = i - nameStart === 1;
        while (i < to && isSpace(buf[i])) i++;
        if (buf[i] !== EQ) continue;
        i++;
        while (i < to && isSpace(buf[i])) i++;
        quote = buf[i];
        if (quote !== QUOTE && quote !== APOS) continue;
        i++;
      }
      const valueStart = i;
      while (i < to && buf[i] !== quote) i++;
      if (short) {
        if (b === 0x72) {
          this.rStart = valueStart;
          this.rEnd = i;
        } else if (b === 0x73) {
          this.sStart = valueStart;
          this.sEnd = i;
        } else if (b === 0x74) {
          this.tStart = valueStart;
          this.tEnd = i;
        }
      }
      i++;
    }
  }

  /** One row whose attributes begin at i; returns the index after it, or -1 when it does not end before `to`. */
  private row(buf: Buffer, i: number, to: number): number {
    const names = this.names!;
    let rowNumber = this.lastRow + 1;
    let k: number;
    if (buf[i] === 0x20 && buf[i + 1] === 0x72 && buf[i + 2] === EQ && buf[i + 3] === QUOTE) {
      // The usual <row r="12" ...>: the number, then the end of the tag.
      let j = i + 4;
      let n = 0;
      let ch = buf[j];
      while (ch !== undefined && ch >= ZERO && ch <= NINE) {
        n = n * 10 + (ch - ZERO);
        ch = buf[++j];
      }
      if (n > 0 && ch === QUOTE) rowNumber = n;
      k = tagEnd(buf, j, to);
    } else {
      k = this.attributes(buf, i, to);
      if (this.rStart >= 0) {
        const n = uint(buf, this.rStart, this.rEnd);
        if (n > 0) rowNumber = n;
      }
    }
    if (k >= to) return -1;
    this.lastRow = rowNumber;
    const cells: CellRaw[] = [];
    this.rows.push({ rowNumber, cells });
    if (buf[k - 1] === SLASH) return k + 1;

    let col = -1;
    i = k + 1;
    for (;;) {
      i = nextTag(buf, i, to);
      if (i >= to) return -1;
      const p = i + 1;
      if (!tagIs(buf, p, names.c)) {
        if (buf[p] === SLASH && tagIs(buf, p + 1, names.element)) return tagEnd(buf, p, to) + 1;
        i = p;
        continue;
      }
      let type: number;
      let style: number;
      k = this.fastAttributes(buf, p + names.c.length, to);
      if (k >= 0) {
        col = this.fastColumn > 0 ? this.fastColumn - 1 : col + 1;
        type = this.fastType;
        style = this.fastStyle;
      } else {
        k = this.attributes(buf, p + names.c.length, to);
        if (k >= to) return -1;
        // The column: from the letters of the reference ("B2"), else the one after the previous cell.
        if (this.rStart >= 0) {
          let c = 0;
          for (let j = this.rStart; j < this.rEnd; j++) {
            const ch = buf[j]!;
            if (ch >= 0x41 && ch <= 0x5a) c = c * 26 + (ch - 0x40);
            else if (ch >= 0x61 && ch <= 0x7a) c = c * 26 + (ch - 0x60);
            else break;
          }
          col = c > 0 ? c - 1 : col + 1;
        } else col++;
        type = this.tStart >= 0 ? cellType(buf, this.tStart, this.tEnd) : T_NUMBER;
        style = this.sStart >= 0 ? uint(buf, this.sStart, this.sEnd) : 0;
      }
      if (buf[k - 1] === SLASH) {
        i = k + 1;
        continue;
      }

      // The usual <v>digits</v></c> of a shared string or an integer, read in one go.
      if (this.plain && (type === T_SHARED || type === T_NUMBER) && buf[k + 1] === LT && buf[k + 2] === 0x76) {
        let j = k + 4;
        let n = 0;
        let ch = buf[j];
        while (ch !== undefined && ch >= ZERO && ch <= NINE) {
          n = n * 10 + (ch - ZERO);
          ch = buf[++j];
        }
        const digits = j - k - 4;
        if (
          buf[k + 3] === GT &&
          digits > 0 &&
          digits <= 15 &&
          j + 7 < to &&
          ch === LT &&
          buf[j + 1] === SLASH &&
          buf[j + 2] === 0x76 &&
          buf[j + 3] === GT &&
          buf[j + 4] === LT &&
          buf[j + 5] === SLASH &&
          buf[j + 6] === 0x63 &&
          buf[j + 7] === GT
        ) {
          i = j + 8;
          const value: CellRaw =
            type === T_SHARED ? this.strings.get(n) : this.dates[style] === 1 ? serialToDate(n, this.date1904) : n;
          if (value === null) continue;
          while (cells.length < col) cells.push(null);
          cells[col] = value;
          continue;
        }
      }

      // The content: <v>, <f>, <is>, up to </c>.
      let vStart = -1;
      let vEnd = -1;
      let vFlags = 0;
      // Index in the batch of the cell's text (<is>, else <v> of a text cell).
      let text = -1;
      const isText = type === T_STR || type === T_INLINE;
      k++;
      for (;;) {
        k = nextTag(buf, k, to);
        if (k >= to) return -1;
        const q = k + 1;
        if (buf[q] === SLASH) {
          if (tagIs(buf, q + 1, names.c)) {
            k = tagEnd(buf, q, to) + 1;
            break;
          }
          k = q;
        } else if (tagIs(buf, q, names.v)) {
          const e = tagEnd(buf, q, to);
          if (buf[e - 1] === SLASH) {
            vStart = vEnd = e;
            k = e + 1;
          } else if (isText) {
            if (text < 0) text = this.batch.open();
            vStart = vEnd = k = this.batch.append(buf, e + 1, to);
          } else {
            vStart = e + 1;
            vEnd = k = textEnd(buf, vStart, to);
            vFlags = textFlags;
          }
        } else if (tagIs(buf, q, names.f)) {
          const e = tagEnd(buf, q, to);
          k = buf[e - 1] === SLASH ? e + 1 : nextTag(buf, e + 1, to);
        } else if (tagIs(buf, q, names.is)) {
          const e = tagEnd(buf, q, to);
          // An inline string wins over a <v> read before it.
          text = this.batch.open();
          if (buf[e - 1] === SLASH) k = e + 1;
          else {
            richText(buf, e + 1, to, names, names.is, this.batch);
            if (richEnd < 0) return -1;
            k = richEnd;
          }
        } else k = q;
      }
      i = k;

      let value: CellRaw = null;
      if (text >= 0) {
        value = '';
        this.pending.push(cells, col, text);
      } else if (vStart >= 0) {
        switch (type) {
          case T_NUMBER:
            if (vEnd > vStart) {
              const n = number(buf, vStart, vEnd);
              value = this.dates[style] === 1 && Number.isFinite(n) ? serialToDate(n, this.date1904) : n;
            }
            break;
          case T_SHARED:
            value = this.strings.get(uint(buf, vStart, vEnd));
            break;
          case T_BOOL: {
            const b = buf[vStart];
            if (vEnd > vStart) value = b === 0x31 || b === 0x74 || b === 0x54;
            break;
          }
          case T_ERROR:
            if (vEnd > vStart) value = { error: decodeText(buf, vStart, vEnd, vFlags) };
            break;
          case T_DATE:
            if (vEnd > vStart) value = isoToDate(decodeText(buf, vStart, vEnd, vFlags));
            break;
        }
      }
      if (value === null) continue;
      while (cells.length < col) cells.push(null);
      cells[col] = value;
    }
  }
}

function cellType(buf: Buffer, start: number, end: number): number {
  switch (buf[start]) {
    case 0x73: // s, str
      return end - start === 1 ? T_SHARED : T_STR;
    case 0x69: // inlineStr
      return T_INLINE;
    case 0x62: // b
      return T_BOOL;
    case 0x65: // e
      return T_ERROR;
    case 0x64: // d
      return T_DATE;
    default:
      return T_NUMBER;
  }
}

/** A non-negative integer written in [start, end); -1 when it is not one. */
function uint(buf: Buffer, start: number, end: number): number {
  while (start < end && isSpace(buf[start])) start++;
  while (end > start && isSpace(buf[end - 1])) end--;
  if (start >= end || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i]!;
    if (d < ZERO || d > NINE) return -1;
    n = n * 10 + (d - ZERO);
  }
  return n;
}

/** The number in [start, end): integers of up to 15 digits directly, anything else through Number(). */
function number(buf: Buffer, start: number, end: number): number {
  let i = start;
  const negative = buf[i] === MINUS;
  if (negative) i++;
  if (end - i > 0 && end - i <= 15) {
    let n = 0;
    for (; i < end; i++) {
      const d = buf[i]!;
      if (d < ZERO || d > NINE) break;
      n = n * 10 + (d - ZERO);
    }
    if (i === end) return negative ? -n : n;
  }
  return Number((buf as unknown as Slicing).latin1Slice(start, end));
}

// ---------------------------------------------------------------------------------------------
// Workbook

interface WorkbookContext {
  source: RandomAccess;
  entries: Map<string, ZipEntry>;
  date1904: boolean;
  stylesPath: string;
  sharedStringsPath: string;
  /** Loaded when the first sheet's rows are read. */
  prepared: Promise<{ strings: SharedStrings; dates: Uint8Array }> | null;
}

async function partText(ctx: Pick<WorkbookContext, 'source' | 'entries'>, path: string): Promise<string | null> {
  const entry = ctx.entries.get(entryKey(path));
  return entry ? xmlString(await readWhole(ctx.source, entry)) : null;
}

async function* workbookSheets(source: RandomAccess): AsyncGenerator<XlsxSheet> {
  const entries = await readDirectory(source);
  const base = { source, entries };
  const rootRels = await partText(base, '_rels/.rels');
  const office = (rootRels === null ? [] : parseRelationships(rootRels, '')).find(
    (r) => r.type.endsWith('/officeDocument') && entries.has(entryKey(r.target)),
  );
  const workbookPath = office?.target ?? 'xl/workbook.xml';
  const workbook = await partText(base, workbookPath);
  if (workbook === null)
    throw new XlsxFormatError('The file is a zip archive but not an xlsx workbook (no workbook part)');
  const slash = workbookPath.lastIndexOf('/');
  const dir = workbookPath.slice(0, slash + 1);
  const relsXml = await partText(base, `${dir}_rels/${workbookPath.slice(slash + 1)}.rels`);
  const rels = relsXml === null ? [] : parseRelationships(relsXml, dir);
  const relOf = (suffix: string) => rels.find((r) => r.type.endsWith(suffix))?.target;

  const props = elements(workbook, 'workbookPr')[0];
  const date1904Attr = props?.get('date1904')?.toLowerCase();
  const ctx: WorkbookContext = {
    ...base,
    date1904: date1904Attr === '1' || date1904Attr === 'true',
    stylesPath: relOf('/styles') ?? `${dir}styles.xml`,
    sharedStringsPath: relOf('/sharedStrings') ?? `${dir}sharedStrings.xml`,
    prepared: null,
  };
  const byId = new Map(rels.map((r) => [r.id, r]));
  for (const sheet of elements(workbook, 'sheet')) {
    let rid: string | undefined;
    for (const [name, value] of sheet) if (name.endsWith(':id')) rid = value;
    const rel = rid === undefined ? undefined : byId.get(rid);
    // Chart sheets, dialog and macro sheets hold no cells.
    if (!rel?.type.endsWith('/worksheet')) continue;
    const entry = entries.get(entryKey(rel.target));
    const name = sheet.get('name') ?? '';
    if (!entry) throw new XlsxFormatError(`The worksheet "${name}" (${rel.target}) is missing from the file`);
    const state = sheet.get('state');
    yield {
      name,
      hidden: state === 'hidden' || state === 'veryHidden',
      rows: { [Symbol.asyncIterator]: () => new SheetRows(ctx, entry) },
    };
  }
}

async function loadShared(ctx: WorkbookContext): Promise<{ strings: SharedStrings; dates: Uint8Array }> {
  const styles = await partText(ctx, ctx.stylesPath);
  const dates = styles === null ? new Uint8Array(0) : dateStyles(styles);
  const entry = ctx.entries.get(entryKey(ctx.sharedStringsPath));
  if (!entry) return { strings: new SharedStrings(), dates };
  const scanner = new SharedStringsScanner(entry.size);
  for await (const chunk of entryChunks(ctx.source, entry)) scanner.push(chunk);
  scanner.finish();
  return { strings: scanner.strings, dates };
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * A sheet's rows, handed out one by one from the batch each inflated chunk gives. This is what an
 * async generator would do, at half its cost per row. `return` (a `break` in `for await`) destroys
 * the inflater.
 */
class SheetRows implements AsyncIterator<XlsxRow, undefined> {
  private rows: XlsxRow[] = [];
  private index = 0;
  private chunks: AsyncGenerator<Buffer> | null = null;
  private scanner: SheetScanner | null = null;
  private finished = false;
  private returned = false;
  /** The refill under way: calls to `next` wait for it. */
  private busy: Promise<unknown> | null = null;

  constructor(
    private readonly ctx: WorkbookContext,
    private readonly entry: ZipEntry,
  ) {}

  next(): Promise<IteratorResult<XlsxRow, undefined>> {
    if (this.busy !== null) return this.busy.then(() => this.next());
    if (this.index < this.rows.length) return Promise.resolve({ value: this.rows[this.index++]!, done: false });
    if (this.finished) return Promise.resolve(DONE);
    const refill = this.refill();
    const clear = () => {
      this.busy = null;
    };
    this.busy = refill.then(clear, clear);
    return refill;
  }

  async return(): Promise<IteratorResult<XlsxRow, undefined>> {
    this.finished = this.returned = true;
    this.rows = [];
    await this.chunks?.return(undefined);
    return DONE;
  }

  private async refill(): Promise<IteratorResult<XlsxRow, undefined>> {
    try {
      if (this.scanner === null) {
        this.ctx.prepared ??= loadShared(this.ctx);
        const { strings, dates } = await this.ctx.prepared;
        this.scanner = new SheetScanner(strings, dates, this.ctx.date1904);
        this.chunks = entryChunks(this.ctx.source, this.entry);
      }
      const scanner = this.scanner;
      for (;;) {
        if (this.finished) return DONE;
        const chunk = await this.chunks!.next();
        if (this.returned) return DONE;
        if (chunk.done) {
          scanner.finish();
          this.finished = true;
        } else scanner.push(chunk.value);
        const rows = scanner.rows;
        if (rows.length > 0) {
          scanner.rows = [];
          this.rows = rows;
          this.index = 1;
          return { value: rows[0]!, done: false };
        }
        if (this.finished) return DONE;
      }
    } catch (error) {
      this.finished = true;
      await this.chunks?.return(undefined);
      throw error;
    }
  }
}
