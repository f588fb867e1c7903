import { formatB4 } from './b4';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { formatText } from './text';
import type { Formatter } from './types';

export type { FileReview, FormatInput, Formatter } from './types';

/** Output formats by the name `--format` takes; a new format is one more entry. */
export const formatters: Record<string, Formatter> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  b4: formatB4,
};
