import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Deps } from './context';
import { AppError } from './errors';

/** Largest upload accepted (the multipart plugin's limit is the same). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** What a store keeps of one blob; the `files` row adds the name, type and uploader. */
export interface PutResult {
  sha256: string;
  size: number;
  storageKey: string;
}

/**
 * Where file bytes live. Local disk now; an S3-compatible store implements the same two calls
 * (content-addressed keys make `put` idempotent there too).
 */
export interface FileStore {
  put(source: Readable, opts?: { maxBytes?: number }): Promise<PutResult>;
  get(storageKey: string): Readable;
}

const tooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', {
    'zh-CN': `文件不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`,
    'en-US': `The file exceeds ${Math.round(maxBytes / 1024 / 1024)} MB`,
  });

/**
 * Content-addressed local storage: `<root>/<sha256[0..2]>/<sha256>`. Bytes go to a temporary file
 * while the hash is computed, then are renamed into place (atomic on one file system), so a
 * reader never sees half a file and the same content is stored once.
 */
export class LocalFileStore implements FileStore {
  constructor(readonly root: string) {}

  /** Where the bytes of a stored file are on disk (imports read large files in place). */
  pathOf(storageKey: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(storageKey)) throw new Error(`bad storage key: ${storageKey}`);
    return join(this.root, storageKey);
  }

  async put(source: Readable, opts: { maxBytes?: number } = {}): Promise<PutResult> {
    const maxBytes = opts.maxBytes ?? MAX_FILE_BYTES;
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(tooLarge(maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tmp, { mode: 0o600 }));
      const sha256 = hash.digest('hex');
      const storageKey = `${sha256.slice(0, 2)}/${sha256}`;
      const target = this.pathOf(storageKey);
      await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
      const existing = await stat(target).catch(() => null);
      if (existing?.size === size) await unlink(tmp);
      else await rename(tmp, target);
      return { sha256, size, storageKey };
    } catch (err) {
      await unlink(tmp).catch(() => {});
      throw err;
    }
  }

  get(storageKey: string): ReadStream {
    return createReadStream(this.pathOf(storageKey));
  }
}

/** The configured store: `<DATA_DIR>/files`. */
export function fileStore(deps: Deps): LocalFileStore {
  return new LocalFileStore(join(resolve(deps.config.dataDir), 'files'));
}

/** The `files` row fields for stored bytes (the caller inserts the row in its own transaction). */
export interface SavedFile extends PutResult {
  originalName: string;
  mime: string;
}

/** Stores a stream; PAYLOAD_TOO_LARGE past `maxBytes`. */
export async function saveFile(
  deps: Deps,
  stream: Readable,
  meta: { originalName: string; mime: string; maxBytes?: number },
): Promise<SavedFile> {
  const put = await fileStore(deps).put(stream, meta.maxBytes ? { maxBytes: meta.maxBytes } : {});
  return { ...put, originalName: meta.originalName, mime: meta.mime };
}

/** The local path of a stored file. */
export function filePath(deps: Deps, storageKey: string): string {
  return fileStore(deps).pathOf(storageKey);
}

export function openFile(deps: Deps, storageKey: string): ReadStream {
  return fileStore(deps).get(storageKey);
}

/**
 * Reads the first `n` bytes of a stream without losing them: returns those bytes and a stream
 * that yields the whole content again (for type checks by content before storing).
 */
export async function peekHead(stream: Readable, n = 16): Promise<{ head: Buffer; stream: Readable }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let have = 0;
  let done = false;
  while (have < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
    chunks.push(chunk);
    have += chunk.length;
  }
  const first = Buffer.concat(chunks);
  async function* rest() {
    if (first.length) yield first;
    if (done) return;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { head: first.subarray(0, n), stream: Readable.from(rest()) };
}

export interface DetectedType {
  mime: string;
  /** What the type is called in messages: PDF, Word, Excel, 图片. */
  kind: 'pdf' | 'word' | 'excel' | 'image';
}

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/**
 * The type of a document by its first bytes, not its name: PDF (%PDF-), Office Open XML (zip
 * PK\x03\x04: .xlsx is Excel, anything else Word), legacy Office (OLE D0CF11E0: .xls is Excel,
 * anything else Word), PNG, JPEG. Anything else is null.
 */
export function detectDocumentType(head: Buffer, name: string): DetectedType | null {
  const lower = name.toLowerCase();
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mime: 'application/pdf', kind: 'pdf' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]))
    return lower.endsWith('.xlsx')
      ? { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', kind: 'excel' }
      : { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', kind: 'word' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return lower.endsWith('.xls')
      ? { mime: 'application/vnd.ms-excel', kind: 'excel' }
      : { mime: 'application/msword', kind: 'word' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', kind: 'image' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', kind: 'image' };
  return null;
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The `files` row of stored bytes, for the caller's repository to insert in its own transaction. */
export function fileRow(file: SavedFile, uploadedBy: string | null) {
  return {
    sha256: file.sha256,
    size: file.size,
    mime: file.mime,
    originalName: file.originalName,
    storageKey: file.storageKey,
    uploadedBy,
  };
}

/** An upload route's file, or VALIDATION when the request carried none. */
export function requireFile(file: SavedFile | null): SavedFile {
  if (file) return file;
  const message = '请选择要上传的文件';
  throw new AppError('VALIDATION', { 'zh-CN': message, 'en-US': 'Choose a file to upload' }, [
    { path: 'file', message },
  ]);
}

/** Some clients percent-encode the multipart file name (RFC 5987 style); keep the name a person typed. */
export function uploadName(name: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(name)) return name;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
