import * as vscode from 'vscode';
import type { KernelOffloadContext } from '../context';
import { toRange } from '../review/convert';
import { reviewedDocuments } from '../review/reviewable';
import { noteHintRead } from './walkthrough';

/** Hovering a hint shows why the rule exists, in the kernel's own words (the rule's rationale). */
export function registerHover(ctx: KernelOffloadContext): vscode.Disposable[] {
  const provider: vscode.HoverProvider = {
    async provideHover(document, position) {
      const here = ctx.findings.get(document.uri).filter((finding) => toRange(finding.range).contains(position));
      if (here.length === 0) return undefined;
      noteHintRead();
      const engine = await ctx.engine();
      const parts = here.map((finding) => {
        const rule = engine?.rules.find((info) => info.id === finding.rule);
        const markdown = new vscode.MarkdownString();
        markdown.appendMarkdown(`**${rule?.title ?? finding.rule}** \`${finding.rule}\`\n\n`);
        if (finding.suggestion) markdown.appendMarkdown('Suggested: ').appendText(finding.suggestion).appendMarkdown('\n\n');
        if (rule) markdown.appendMarkdown(rule.rationale);
        if (rule?.checkpatchTypes.length) markdown.appendMarkdown(`\n\ncheckpatch.pl: ${rule.checkpatchTypes.map((type) => `\`${type}\``).join(', ')}`);
        return markdown;
      });
      return new vscode.Hover(parts, toRange(here[0]!.range));
    },
  };
  return [vscode.languages.registerHoverProvider(reviewedDocuments, provider)];
}
