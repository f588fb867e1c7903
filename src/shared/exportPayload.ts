/**
 * Turns an export the panel sends (text, or a PNG as a data: URL) into the bytes written to disk,
 * refusing anything that is not what the format says.
 */
import type { ExportFormat } from './protocol';
import { type Checked, fail, ok } from './validate';

const PNG_DATA_URL = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function exportBytes(format: ExportFormat, data: string): Checked<Uint8Array> {
  if (format !== 'png') return ok(new TextEncoder().encode(data));
  const match = PNG_DATA_URL.exec(data);
  if (!match) return fail('the chart export is not a PNG data URL');
  const bytes = base64ToBytes(match[1]);
  if (!PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return fail('the chart export does not start with a PNG signature');
  return ok(bytes);
}
