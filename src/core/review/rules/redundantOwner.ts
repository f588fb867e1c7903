import type { Node } from 'web-tree-sitter';
import { removeElement } from '../initializer/edits';
import { declaredObject } from '../initializer/locate';
import { elements } from '../initializer/zero';
import { memberPath, objectType } from '../initializer/siblingObjects';
import type { Rule, RuleContext } from '../rule';
import { nodeRange, nodesOfType } from '../syntax';
import { ownerSettingDrivers, type OwnerSettingDriver } from './ownerSettingDrivers';

/** `struct platform_driver` → its fact, keyed by the path of the owner member (`.driver.owner`). */
const byType = new Map<string, OwnerSettingDriver>(ownerSettingDrivers.map((fact) => [fact.type, fact]));

function factFor(item: Node): { fact: OwnerSettingDriver; top: Node } | undefined {
  const where = memberPath(item);
  const type = where ? objectType(where.top)?.replace(/^(?:const\s+)?struct\s+/, '') : undefined;
  const fact = type !== undefined ? byType.get(type) : undefined;
  if (!where || !fact || where.path.replace(/\s+/g, '') !== `.${fact.member}.owner`) return undefined;
  return { fact, top: where.top };
}

/**
 * A driver registered by hand (`driver_register(&foo.driver)`, `__platform_driver_register(&foo, NULL)`) keeps the
 * owner it was given: then the line is needed. Looked for only once a candidate is found.
 */
function registeredByHand(lines: readonly string[], name: string, fact: OwnerSettingDriver): boolean {
  const byHand = new RegExp(`\\b(?:driver_register\\s*\\(\\s*&\\s*${name}\\s*\\.\\s*${fact.member.replace(/\./g, '\\s*\\.\\s*')}\\b|__\\w+\\s*\\(\\s*&\\s*${name}\\b)`);
  return registrationLines(lines).some((line) => line.includes(name) && byHand.test(line));
}

/** Lines that may register a driver by hand (every line byHand can match is one), found once per review of a unit. */
const registrationLine = /\bdriver_register\s*\(|__\w+\s*\(\s*&/;
const registrations = new WeakMap<readonly string[], string[]>();

function registrationLines(lines: readonly string[]): string[] {
  let found = registrations.get(lines);
  if (!found) registrations.set(lines, (found = lines.filter((line) => registrationLine.test(line))));
  return found;
}


function checkOwner(context: RuleContext, item: Node): void {
  const found = factFor(item);
  if (!found) return;
  const object = declaredObject(found.top, context.textLines);
  if (!object || registeredByHand(context.textLines, object.name, found.fact)) return;
  const helpers = found.fact.helpers.map((helper) => `${helper}()`).join(', ');
  const text = item.text.replace(/\s+/g, ' ');
  context.report({
    range: nodeRange(item),
    message: `'${text}' is redundant: ${helpers} set${found.fact.helpers.length === 1 ? 's' : ''} '.${found.fact.member}.owner' of struct ${found.fact.type} '${object.name}' itself`,
    tags: ['unnecessary'],
    fixes: () => [{ title: `Remove '${text}'`, kind: 'quickfix', isPreferred: true, unitEdits: [removeElement(item, context.textLines)] }],
  });
}

export const redundantOwner: Rule = {
  id: 'redundant-owner',
  defaultSeverity: 'warning',
  scope: 'declaration',
  // A registration by hand anywhere in the file keeps the line: those lines are the unit-wide fact.
  unitFacts: ({ textLines }) => registrationLines(textLines).join('\n'),
  title: '`.owner = THIS_MODULE` in a driver whose registration sets it',
  checkpatchTypes: [],
  rationale: [
    'The registration helpers of most buses are macros that pass `THIS_MODULE` on (`#define platform_driver_register(drv)',
    '__platform_driver_register(drv, THIS_MODULE)`), and the function behind them stores it in `drv->driver.owner`. An',
    '`.owner = THIS_MODULE,` in the `.driver` of such a structure is overwritten at registration: reviewers ask for it to go,',
    'and Coccinelle\'s `scripts/coccinelle/api/platform_no_drv_owner.cocci` removes it for platform and I2C drivers',
    '(`Documentation/driver-api/driver-model/driver.rst` describes the registration; checkpatch.pl has no such check). In the',
    'words of `Documentation/process/coding-style.rst` §18, use what the kernel\'s helpers do rather than coding it yourself.',
    '',
    '- The structures are facts derived from Linux 6.12 by `scripts/derive-owner-setting-drivers.mjs`: every header macro',
    '  passing `THIS_MODULE` whose function stores the owner of the driver it registers (`platform_driver`, `pci_driver`,',
    '  `i2c_driver`, `spi_driver`, `usb_driver`, `hid_driver`, `virtio_driver` and 45 more; see ownerSettingDrivers.ts).',
    '- Not reported when the file registers the driver by hand (`driver_register(&foo.driver)`, `__platform_driver_register(',
    '  &foo, …)`), which keeps the owner it was given, or for other structures\' `.owner` (`file_operations` needs its own).',
    '- The quick fix removes the line.',
  ].join('\n'),
  check(context) {
    // Only a pair whose value is `THIS_MODULE` matters: a declaration whose text never says so needs no look.
    if (!context.root.text.includes('THIS_MODULE')) return;
    for (const list of nodesOfType(context.root, ['initializer_list'])) {
      for (const item of elements(list)) {
        if (item.type === 'initializer_pair' && item.childForFieldName('value')?.text === 'THIS_MODULE' && /\bowner\s*=/.test(item.text)) checkOwner(context, item);
      }
    }
  },
};
