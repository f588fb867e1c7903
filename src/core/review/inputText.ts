/** Bytes the user handed us, as text, or the one-line reason they are not reviewable text. */
export type DecodedInput = { text: string } | { problem: string };

/** Far beyond any patch series; past this a review would take minutes and the editor's memory. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** The reason an input of `bytes` bytes is refused, before reading it. */
export function sizeProblem(bytes: number): string | undefined {
  return bytes > MAX_INPUT_BYTES ? `is too large (${(bytes / 1048576).toFixed(1)} MiB; the limit is ${MAX_INPUT_BYTES / 1048576} MiB)` : undefined;
}

export function decodeInput(bytes: Uint8Array): DecodedInput {
  if (bytes.length === 0) return { problem: 'is empty' };
  const size = sizeProblem(bytes.length);
  if (size) return { problem: size };
  if (bytes.includes(0)) return { problem: 'is binary (it contains NUL bytes)' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: 'is not UTF-8 text' };
  }
  if (text.trim() === '') return { problem: 'is empty (only white space)' };
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
