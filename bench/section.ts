/** One area's benchmark: a Markdown table for people and the same figures as JSON for scripts. */
export interface BenchSection {
  title: string;
  table: string;
  json: unknown;
}

/** Renders rows as a Markdown table (the README embeds the output as is). */
export function markdownTable(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
