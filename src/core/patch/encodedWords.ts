/**
 * RFC 2047 encoded-words (`=?UTF-8?B?...?=`, `=?iso-8859-1?Q?...?=`) as they appear in Subject and From
 * headers. Uses only `atob` and `TextDecoder`, which every host of the core has.
 */
const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
/** Whitespace between two adjacent encoded-words is not part of the text (RFC 2047 section 6.2). */
const BETWEEN_WORDS = /(\?=)[ \t\r\n]+(?==\?[^?\s]+\?[bBqQ]\?)/g;

function decodeBytes(charset: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(charset.toLowerCase().split('*')[0], { fatal: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

function base64Bytes(data: string): Uint8Array | undefined {
  try {
    const binary = atob(data);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

function qBytes(data: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const ch = data[i];
    const hex = data.slice(i + 1, i + 3);
    if (ch === '_') out.push(32);
    else if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(data.charCodeAt(i) & 0xff);
  }
  return Uint8Array.from(out);
}

/** Decodes every encoded-word in a header value; a word that cannot be decoded is left as written. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  return value.replace(BETWEEN_WORDS, '$1').replace(ENCODED_WORD, (word, charset: string, encoding: string, data: string) => {
    const bytes = encoding.toLowerCase() === 'b' ? base64Bytes(data) : qBytes(data);
    if (!bytes) return word;
    return decodeBytes(charset, bytes) ?? word;
  });
}
