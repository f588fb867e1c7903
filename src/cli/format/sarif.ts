import type { DocumentRange } from '../../core/patch/types';
import type { Fix } from '../../core/review/finding';
import { gccSeverity } from './text';
import type { Formatter } from './types';

function region(range: DocumentRange) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.column + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.column + 1,
  };
}

function location(file: string, range: DocumentRange) {
  return { physicalLocation: { artifactLocation: { uri: encodeURI(file.replace(/\\/g, '/')) }, region: region(range) } };
}

function artifactChanges(file: string, fix: Fix) {
  return {
    description: { text: fix.title },
    artifactChanges: [{
      artifactLocation: { uri: encodeURI(file.replace(/\\/g, '/')) },
      replacements: fix.edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
    }],
  };
}

/**
 * SARIF 2.1.0: one run, the rules as the driver's reportingDescriptors, every rule's quick fixes as SARIF fixes.
 * Reviews never compute fixes; asking for SARIF is asking for them, so each finding's fixes are computed here.
 */
export const formatSarif: Formatter = ({ reviews, rules, toolVersion }) => {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = reviews.flatMap(({ file, result }) =>
    result.findings.map((finding) => {
      const fixes = result.fixes(finding);
      return {
        ruleId: finding.rule,
        ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
        level: gccSeverity(finding.severity),
        message: { text: finding.message },
        locations: [location(file, finding.range)],
        ...(finding.related?.length
          ? { relatedLocations: finding.related.map((item, id) => ({ id, ...location(file, item.range), message: { text: item.message } })) }
          : {}),
        ...(fixes.length ? { fixes: fixes.map((fix) => artifactChanges(file, fix)) } : {}),
      };
    }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'offload-review',
          version: toolVersion,
          rules: rules.map((rule) => ({
            id: rule.id,
            shortDescription: { text: rule.title },
            help: { text: rule.rationale, markdown: rule.rationale },
            defaultConfiguration: { level: gccSeverity(rule.defaultSeverity) },
            ...(rule.checkpatchTypes.length ? { properties: { checkpatchTypes: rule.checkpatchTypes } } : {}),
          })),
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
};
