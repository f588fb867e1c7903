import type { RuleInfo } from './rule';

/** The project's home; package.json's `repository` says the same (a test keeps them equal). */
export const REPOSITORY_URL = 'https://github.com/kernel-offload/kernel-offload-review';

/** Where a rule's page is published: docs/rules/<id>.md, generated from the rule module by the build. */
export function ruleDocumentationUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}

/**
 * A rule's documentation page in Markdown, derived from its module alone (title, rationale, severity, the
 * checkpatch types it overlaps), so adding a rule never means writing a second document. The build writes it
 * to docs/rules/<id>.md and the extension shows the same text in "Show Rule Documentation".
 */
export function ruleDocumentation(rule: RuleInfo): string {
  const checkpatch = rule.checkpatchTypes.length
    ? rule.checkpatchTypes.map((type) => `\`${type}\``).join(', ')
    : 'none (checkpatch.pl has no such check)';
  return [
    `# \`${rule.id}\``,
    '',
    `**${rule.title}**`,
    '',
    `- Default severity: \`${rule.defaultSeverity}\``,
    `- Overlapping checkpatch.pl types: ${checkpatch}`,
    '',
    '## Why',
    '',
    rule.rationale.trim(),
    '',
    '## Changing its severity or turning it off',
    '',
    `In VS Code, the quick fix **Disable ${rule.id}** on one of its hints writes this to your workspace settings; by hand:`,
    '',
    '```json',
    `"kernelOffload.rules": { "${rule.id}": "off" }`,
    '```',
    '',
    'Any of `error`, `warning`, `info` or `hint` sets its severity instead. On the command line,',
    `\`offload-review --rules ${rule.id} FILE\` runs this rule alone.`,
    '',
    '<!-- Generated from the rule module by esbuild.js (scripts/ruleRegistry.mjs); edit the module, not this file. -->',
    '',
  ].join('\n');
}

/** Values `kernelOffload.rules` accepts for each rule. */
export const RULE_SETTING_VALUES = ['error', 'warning', 'info', 'hint', 'off'] as const;

/** The JSON schema of one rule's entry under `kernelOffload.rules` in package.json, generated from the module. */
export function ruleSettingSchema(rule: RuleInfo): { type: 'string'; enum: string[]; markdownDescription: string } {
  const checkpatch = rule.checkpatchTypes.length ? ` checkpatch.pl: ${rule.checkpatchTypes.map((type) => `\`${type}\``).join(', ')}.` : '';
  return {
    type: 'string',
    enum: [...RULE_SETTING_VALUES],
    markdownDescription: `${rule.title}. Default: \`${rule.defaultSeverity}\`.${checkpatch} [Documentation](${ruleDocumentationUrl(rule.id)})`,
  };
}

/** docs/rules/README.md: every rule with its title and default, in registry order. */
export function ruleIndex(rules: readonly RuleInfo[]): string {
  return [
    '# Review rules',
    '',
    'One page per rule, generated from its module in `src/core/review/rules/` by the build.',
    '',
    '| rule | what it finds | default |',
    '| --- | --- | --- |',
    ...rules.map((rule) => `| [\`${rule.id}\`](${rule.id}.md) | ${rule.title.replace(/\|/g, '\\|')} | \`${rule.defaultSeverity}\` |`),
    '',
  ].join('\n');
}
