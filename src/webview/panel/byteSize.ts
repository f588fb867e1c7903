/** Sizes as people type them: 4096, 64K, 512M, 1G, 64GiB (binary units). */
const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i;
const SHIFT: Record<string, number> = { '': 0, K: 10, M: 20, G: 30, T: 40 };

export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text);
  if (!match) return undefined;
  const bytes = Math.round(Number(match[1]) * 2 ** SHIFT[match[2].toUpperCase()]);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}
