const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** Parses sizes such as 4096, 4K, 64K, 2M, 1G (binary units; an optional trailing B or iB). */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+)\s*([KMG]?)(?:i?B)?$/i.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]) * UNITS[match[2].toUpperCase()];
  return Number.isSafeInteger(value) ? value : undefined;
}

/** 4096 → "4 KiB", 2097152 → "2 MiB"; other sizes in bytes. */
export function formatSize(bytes: number): string {
  for (const [unit, factor] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor} ${unit}`;
  }
  return `${bytes} B`;
}
