import type { BytesEqual } from '../bytesEqual';

const compare = Buffer.prototype.compare;

/** memcmp through Buffer#compare on offsets (no views allocated): far faster than a JavaScript loop. */
export const nativeBytesEqual: BytesEqual = (a, b, start = 0, end = a.length) => {
  if (end > a.length || end > b.length || (start === 0 && end === a.length && a.length !== b.length)) return false;
  return compare.call(a, b, start, end, start, end) === 0;
};
