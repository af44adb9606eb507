/**
 * A streaming CSV reader for imports: RFC 4180 quoting, relaxed the way Excel and hand-edited files
 * need (a quote inside an unquoted field is a plain character; rows may have any number of fields),
 * and fast enough for a million rows (one pass of charCodeAt over each chunk, no regular expressions).
 */

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/**
 * Splits text arriving in chunks into records. Line ends are \n, \r\n or \r; empty lines give a
 * record with one empty field, so that record numbers stay the row numbers Excel shows.
 */
export class CsvRecords {
  private readonly delimiter: number;
  /** The unfinished record: fields done so far and the text of the current one. */
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  /** Inside quotes, at a quote that may close them or start an escaped "". */
  private inQuotes = false;
  private quotePending = false;
  /** The last chunk ended with \r: a \n opening the next one belongs to it. */
  private skipLf = false;

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** The records completed by this chunk. */
  push(chunk: string, out: string[][] = []): string[][] {
    const d = this.delimiter;
    const n = chunk.length;
    let i = 0;
    if (this.skipLf) {
      this.skipLf = false;
      if (n > 0 && chunk.charCodeAt(0) === LF) i = 1;
    }
    while (i < n) {
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (chunk.charCodeAt(i) === QUOTE) {
            this.field += '"';
            i++;
            continue;
          }
          this.inQuotes = false;
          continue;
        }
        const q = chunk.indexOf('"', i);
        if (q === -1) {
          this.field += chunk.slice(i);
          return out;
        }
        this.field += chunk.slice(i, q);
        i = q + 1;
        this.quotePending = true;
        continue;
      }
      // Outside quotes: scan to the next delimiter, quote or line end.
      const start = i;
      let c = 0;
      while (i < n) {
        c = chunk.charCodeAt(i);
        if (c === d || c === LF || c === CR || c === QUOTE) break;
        i++;
      }
      if (i > start) this.field += chunk.slice(start, i);
      if (i >= n) return out;
      if (c === QUOTE) {
        i++;
        // A quote opens a quoted field only at the field's start (after spaces); elsewhere it is text.
        if (!this.quoted && this.field.trim() === '') {
          this.field = '';
          this.quoted = true;
          this.inQuotes = true;
        } else this.field += '"';
        continue;
      }
      if (c === d) {
        this.fields.push(this.field);
        this.field = '';
        this.quoted = false;
        i++;
        continue;
      }
      // Line end.
      this.fields.push(this.field);
      out.push(this.fields);
      this.fields = [];
      this.field = '';
      this.quoted = false;
      i++;
      if (c === CR) {
        if (i < n) {
          if (chunk.charCodeAt(i) === LF) i++;
        } else this.skipLf = true;
      }
    }
    // A quote ending the chunk: whether it closes the field is known with the next chunk.
    return out;
  }

  /** The last record when the text does not end with a line break. */
  end(out: string[][] = []): string[][] {
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
    }
    if (this.fields.length > 0 || this.field !== '' || this.quoted) {
      this.fields.push(this.field);
      out.push(this.fields);
    }
    this.fields = [];
    this.field = '';
    this.quoted = false;
    return out;
  }
}
