// uint32 keys → non-negative int32 values in two typed arrays (open addressing, linear probing,
// deletion by backward shift, so no tombstones). A million entries are two ArrayBuffers and no
// heap object each: the garbage collector never walks them.

const EMPTY = -1;

export class Uint32Map {
  private keys: Uint32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 16) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Uint32Array(size);
    this.values = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value held for `key`, or -1. */
  get(key: number): number {
    for (let i = this.home(key);; i = (i + 1) & this.mask) {
      const v = this.values[i]!;
      if (v === EMPTY || this.keys[i] === key) return v;
    }
  }

  /** `value` must be ≥ 0. */
  set(key: number, value: number): void {
    if (value < 0) throw new RangeError(`Uint32Map holds values ≥ 0, not ${value}`);
    if ((this.count + 1) * 2 > this.values.length) this.grow();
    let i = this.home(key);
    while (this.values[i] !== EMPTY && this.keys[i] !== key) i = (i + 1) & this.mask;
    if (this.values[i] === EMPTY) this.count++;
    this.keys[i] = key;
    this.values[i] = value;
  }

  delete(key: number): boolean {
    let i = this.home(key);
    for (; this.values[i] !== EMPTY; i = (i + 1) & this.mask) if (this.keys[i] === key) break;
    if (this.values[i] === EMPTY) return false;
    // Moves back every later entry of the run that may not stay behind the hole.
    for (let j = (i + 1) & this.mask; this.values[j] !== EMPTY; j = (j + 1) & this.mask) {
      const h = this.home(this.keys[j]!);
      const stays = i <= j ? i < h && h <= j : i < h || h <= j;
      if (stays) continue;
      this.keys[i] = this.keys[j]!;
      this.values[i] = this.values[j]!;
      i = j;
    }
    this.values[i] = EMPTY;
    this.count--;
    return true;
  }

  private home(key: number): number {
    let h = Math.imul(key ^ (key >>> 16), 0x45d9f3b);
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
    return (h ^ (h >>> 16)) & this.mask;
  }

  /** One tight loop (the keys are distinct: no lookup): ~1M entries in tens of ms. */
  private grow(): void {
    const { keys, values } = this;
    const newKeys = new Uint32Array(keys.length * 2);
    const newValues = new Int32Array(values.length * 2).fill(EMPTY);
    this.keys = newKeys;
    this.values = newValues;
    this.mask = newValues.length - 1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === EMPTY) continue;
      const key = keys[i]!;
      let j = this.home(key);
      while (newValues[j] !== EMPTY) j = (j + 1) & this.mask;
      newKeys[j] = key;
      newValues[j] = v;
    }
  }
}
