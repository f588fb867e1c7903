/**
 * vsnprintf() as the kernel's printk does it: integer conversions with their length modifiers, `%s`, and the
 * pointer extensions `%p` (hashed), `%px` (raw), `%pe` (errno name), `%ps`/`%pS` (symbol), with `*` widths.
 */
import { pointerAddress } from './access';
import { fail } from './errors';
import { convertInt } from './intOps';
import { readCString } from './cstring';
import { T, type IntType } from './ctypes';
import { errnoNames } from './kernelConstants';
import type { Value } from './values';

const spec = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|z|t|j|L)?([diouxXcspn%])([a-zA-Z]*)/g;

export function formatPrintk(format: string, args: Value[]): string {
  let next = 0;
  const take = (): Value => {
    const v = args[next++];
    if (!v) fail('kernel', `printk format "${format.trim()}" wants more arguments than the call passes`);
    return v;
  };
  return format.replace(spec, (_m, flags: string, width: string | undefined, precision: string | undefined, length: string | undefined, conv: string, ext: string) => {
    if (conv === '%') return '%' + ext;
    const w = width === '*' ? Number(intOf(take())) : width ? Number(width) : 0;
    const p = precision === '*' ? Number(intOf(take())) : precision !== undefined ? Number(precision) : undefined;
    let suffix: string;
    let body: string;
    if (conv === 'p') {
      const { text, used } = pointerExtension(take(), ext);
      body = text;
      suffix = ext.slice(used);
    } else {
      body = convertOne(conv, flags, p, length, take());
      suffix = ext;
    }
    return pad(body, w, flags, conv) + suffix;
  });
}

function intOf(v: Value): bigint {
  if (v.k === 'int') return v.v;
  if (v.k === 'ptr' || v.k === 'fn') return pointerAddress(v);
  return fail('kernel', `printk argument is a ${v.k}, not an integer`);
}

function lengthType(length: string | undefined, signed: boolean): IntType {
  switch (length) {
    case 'hh': return signed ? T.schar : T.uchar;
    case 'h': return signed ? T.short : T.ushort;
    case 'l': case 'z': case 't': case 'j': return signed ? T.long : T.ulong;
    case 'll': case 'L': return signed ? T.llong : T.ullong;
    default: return signed ? T.int : T.uint;
  }
}

function convertOne(conv: string, flags: string, precision: number | undefined, length: string | undefined, v: Value): string {
  switch (conv) {
    case 's': {
      if (v.k === 'ptr' && v.target.kind === 'null') return '(null)';
      const s = readCString(v, precision);
      return s;
    }
    case 'c':
      return String.fromCharCode(Number(BigInt.asUintN(8, intOf(v))));
    case 'd':
    case 'i': {
      const n = convertInt(intOf(v), lengthType(length, true));
      const sign = n < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      return sign + digits((n < 0n ? -n : n).toString(10), precision);
    }
    default: {
      const n = convertInt(intOf(v), lengthType(length, false));
      const radix = conv === 'o' ? 8 : conv === 'u' ? 10 : 16;
      let text = digits(n.toString(radix), precision);
      if (conv === 'X') text = text.toUpperCase();
      if (flags.includes('#') && n !== 0n && radix !== 10) text = (radix === 8 ? '0' : conv === 'X' ? '0X' : '0x') + text;
      return text;
    }
  }
}

function digits(text: string, precision: number | undefined): string {
  return precision !== undefined ? text.padStart(precision, '0') : text;
}

function pad(body: string, width: number, flags: string, conv: string): string {
  if (body.length >= Math.abs(width)) return body;
  if (flags.includes('-') || width < 0) return body.padEnd(Math.abs(width), ' ');
  if (flags.includes('0') && conv !== 's' && conv !== 'c') {
    const sign = /^[-+ ]/.test(body) ? body[0] : '';
    return sign + body.slice(sign.length).padStart(width - sign.length, '0');
  }
  return body.padStart(width, ' ');
}

/** `%p` and its extensions; returns how many letters after `p` belonged to the specifier. */
function pointerExtension(v: Value, ext: string): { text: string; used: number } {
  const addr = pointerAddress(v);
  const letter = ext[0] ?? '';
  if (letter === 'x') return { text: addr.toString(16).padStart(16, '0'), used: 1 };
  if (letter === 'e') {
    const signed = BigInt.asIntN(64, addr);
    if (signed < 0n && signed >= -4095n) {
      const name = errnoNames[Number(-signed)];
      return { text: name ? `-${name}` : `${signed}`, used: 1 };
    }
    return { text: hashed(addr), used: 1 };
  }
  if (letter === 's' || letter === 'S') {
    if (v.k === 'fn') return { text: letter === 'S' ? `${v.fn.name}+0x0/0x100` : v.fn.name, used: 1 };
    if (v.k === 'ptr' && v.target.kind === 'fn') return { text: letter === 'S' ? `${v.target.fn.name}+0x0/0x100` : v.target.fn.name, used: 1 };
    return { text: `0x${addr.toString(16)}`, used: 1 };
  }
  return { text: hashed(addr), used: letter === 'K' ? 1 : 0 };
}

/** The kernel hashes %p output so logs do not leak addresses; NULL is printed as zeros. */
function hashed(addr: bigint): string {
  if (addr === 0n) return '0000000000000000';
  let h = 0x811c9dc5;
  for (const byte of addr.toString(16)) h = Math.imul(h ^ byte.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(16, '0');
}

/** KERN_<LEVEL> prefixes ("\x01" + digit) and the level they name. */
const levels = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

export function splitLevel(text: string, fallback: string): { level: string; text: string } {
  const marker = text[1] ?? '';
  if (text.charCodeAt(0) !== 1 || !/[0-7c]/.test(marker)) return { level: fallback, text };
  return { level: marker === 'c' ? 'cont' : (levels[Number(marker)] ?? fallback), text: text.slice(2) };
}
