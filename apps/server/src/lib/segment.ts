import { type SQL, sql } from 'drizzle-orm';

/**
 * Chinese full-text search without a database extension: text is cut into words with ICU's
 * dictionary (`Intl.Segmenter`, built into Node) and stored as lexemes with `array_to_tsvector`,
 * and queries become quoted prefix terms cast to tsquery. Neither side runs PostgreSQL's text
 * parser, so the result is the same on PGlite and PostgreSQL whatever their locale.
 */
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
/** A lexeme's limit is 2 KB; nobody searches for words that long. */
const MAX_WORD = 64;

/** The distinct lower-case words of the texts, in first-seen order. */
export function segmentWords(...texts: (string | null | undefined | readonly string[])[]): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    const parts = typeof t === 'string' ? [t] : t;
    for (const part of parts) {
      for (const s of segmenter.segment(part.normalize('NFKC').toLowerCase())) {
        if (!s.isWordLike) continue;
        const w = s.segment.trim().slice(0, MAX_WORD);
        if (w && !/\s/.test(w)) out.add(w);
      }
    }
  }
  return [...out];
}

/** The `search` column's value for these texts. */
export function searchVector(...texts: (string | null | undefined | readonly string[])[]): SQL {
  const words = segmentWords(...texts);
  return sql`array_to_tsvector(string_to_array(${words.join(' ')}::text, ' ', ''))`;
}

const quote = (w: string) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`;

/** A tsquery text matching every word of `q` (as a prefix), or null when `q` has no words. */
export function tsQueryText(q: string | null | undefined): string | null {
  const words = segmentWords(q);
  return words.length ? words.map(quote).join(' & ') : null;
}

/** `column @@ query` for a search box, or undefined when the box is empty. */
export function matchesSearch(column: SQL | { name: string }, q: string | null | undefined): SQL | undefined {
  const text = tsQueryText(q);
  return text ? sql`${column} @@ ${text}::tsquery` : undefined;
}
