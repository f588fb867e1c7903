/**
 * A Bloom filter kept as the base64 text it is committed in: a query reads six bits per character straight from
 * the string, so loading the kernel's name facts costs nothing until the first question, and nothing after it.
 */
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const sextet = new Int8Array(128).fill(-1);
for (let index = 0; index < alphabet.length; index++) sextet[alphabet.charCodeAt(index)] = index;

export interface BloomFilter {
  /** Base64, 6 bits per character, bit i at character i / 6, most significant bit first. */
  bits: string;
  /** Number of bits in use (≤ 6 × bits.length). */
  size: number;
  hashes: number;
}

/** Two independent 32-bit FNV-1a hashes (different offset bases) for double hashing. */
function hashPair(key: string): [number, number] {
  let first = 0x811c9dc5;
  let second = 0x050c5d1f;
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x01000193) ^ (second >>> 15);
  }
  second = Math.imul(second ^ (second >>> 13), 0x5bd1e995);
  return [first >>> 0, (second >>> 0) | 1];
}

function* positions(key: string, filter: Pick<BloomFilter, 'size' | 'hashes'>): Generator<number> {
  const [first, second] = hashPair(key);
  for (let round = 0; round < filter.hashes; round++) yield (first + Math.imul(round, second) >>> 0) % filter.size;
}

export function bloomHas(filter: BloomFilter, key: string): boolean {
  for (const bit of positions(key, filter)) {
    const value = sextet[filter.bits.charCodeAt(Math.floor(bit / 6))] ?? -1;
    if (value < 0 || (value & (32 >> (bit % 6))) === 0) return false;
  }
  return true;
}

/** The smallest filter with about `falsePositiveRate` for `keys` (optimal k = ln 2 · m / n). */
export function buildBloom(keys: Iterable<string>, count: number, falsePositiveRate: number): BloomFilter {
  const size = Math.max(6, Math.ceil(-count * Math.log(falsePositiveRate) / (Math.LN2 * Math.LN2)));
  const hashes = Math.max(1, Math.round((size / Math.max(1, count)) * Math.LN2));
  const bytes = new Uint8Array(Math.ceil(size / 6));
  for (const key of keys) {
    for (const bit of positions(key, { size, hashes })) bytes[Math.floor(bit / 6)]! |= 32 >> (bit % 6);
  }
  let bits = '';
  for (const value of bytes) bits += alphabet[value];
  return { bits, size, hashes };
}
