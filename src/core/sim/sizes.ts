/** "4K", "2M", "64G", "4096" → bytes (binary units, as the kernel and the tables use them). */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(text.trim());
  if (!m) return undefined;
  const scale = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  const bytes = Number(m[1]) * scale;
  return Number.isFinite(bytes) && bytes > 0 ? Math.round(bytes) : undefined;
}

export function formatByteSize(bytes: number): string {
  for (const [unit, scale] of [['T', 1024 ** 4], ['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]] as const) {
    if (bytes >= scale) return bytes % scale === 0 ? `${bytes / scale}${unit}` : `${(bytes / scale).toFixed(2)}${unit}`;
  }
  return `${bytes}B`;
}
