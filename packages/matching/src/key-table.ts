/**
 * External id → row, open addressing with linear probing in one Int32Array (row + 1, 0 = empty).
 * The keys live in the caller's column, so an entry costs 4 bytes / load factor (≤ 0.6), against
 * roughly 40 bytes for a JavaScript Map entry.
 */
export class KeyTable {
  private table: Int32Array;
  private mask: number;
  private shift: number;
  size = 0;

  constructor(expected = 0) {
    let bits = 4;
    while (1 << bits < expected / 0.6) bits++;
    this.table = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  private slot(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  find(key: number, keys: Uint32Array): number {
    const t = this.table;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const v = t[i];
      if (v === 0) return -1;
      if (keys[v - 1] === key) return v - 1;
    }
  }

  /** The key must not be present. */
  insert(key: number, row: number, keys: Uint32Array): void {
    if ((this.size + 1) / this.table.length > 0.6) this.rehash(keys);
    const t = this.table;
    let i = this.slot(key);
    while (t[i] !== 0) i = (i + 1) & this.mask;
    t[i] = row + 1;
    this.size++;
  }

  remove(key: number, keys: Uint32Array): void {
    const t = this.table;
    let i = this.slot(key);
    for (;;) {
      const v = t[i];
      if (v === 0) return;
      if (keys[v - 1] === key) break;
      i = (i + 1) & this.mask;
    }
    // Backward-shift deletion: move later entries of the probe run into the hole when their home
    // slot does not lie cyclically in (hole, j].
    t[i] = 0;
    this.size--;
    let j = i;
    for (;;) {
      j = (j + 1) & this.mask;
      const v = t[j];
      if (v === 0) return;
      const h = this.slot(keys[v - 1]);
      const stays = i <= j ? i < h && h <= j : i < h || h <= j;
      if (!stays) {
        t[i] = v;
        t[j] = 0;
        i = j;
      }
    }
  }

  private rehash(keys: Uint32Array): void {
    const old = this.table;
    const bits = 32 - this.shift + 1;
    this.table = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    const t = this.table;
    for (let k = 0; k < old.length; k++) {
      const v = old[k];
      if (v === 0) continue;
      let i = this.slot(keys[v - 1]);
      while (t[i] !== 0) i = (i + 1) & this.mask;
      t[i] = v;
    }
  }
}
