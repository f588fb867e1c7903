import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownerSettingDrivers } from '../../src/core/review/rules/ownerSettingDrivers';
import { applyFirstFix, covered, findingsOf, parsesCleanly } from '../review/helpers';

const rule = 'redundant-owner';

test('.owner = THIS_MODULE in the .driver of a platform_driver: named, faded, and the fix removes the line', async () => {
  const code = [
    'static struct platform_driver ptdma_driver = {',
    '\t.probe = ptdma_probe,',
    '\t.driver = {',
    '\t\t.name = "ptdma",',
    '\t\t.owner = THIS_MODULE,',
    '\t\t.of_match_table = ptdma_of_match,',
    '\t},',
    '};',
    'module_platform_driver(ptdma_driver);',
    '',
  ].join('\n');
  const [finding, ...rest] = await findingsOf(rule, code);
  assert.equal(rest.length, 0);
  assert.equal(covered(code, finding!.range), '.owner = THIS_MODULE');
  assert.match(finding!.message, /platform_driver_register\(\) sets '\.driver\.owner' of struct platform_driver 'ptdma_driver'/);
  assert.deepEqual(finding!.tags, ['unnecessary']);
  const fixed = applyFirstFix(code, finding);
  assert.equal(fixed, code.replace('\t\t.owner = THIS_MODULE,\n', ''));
  assert.ok(await parsesCleanly(fixed));
});

test('pci, i2c, spi and usb drivers, nested or with a flat `.driver.owner` designator', async () => {
  const code = [
    'static struct pci_driver a_driver = { .name = "a", .driver.owner = THIS_MODULE };',
    'static struct i2c_driver b_driver = { .driver = { .name = "b", .owner = THIS_MODULE } };',
    'static struct spi_driver c_driver = { .driver = { .name = "c", .owner = THIS_MODULE, }, };',
    'static struct usb_driver d_driver = { .name = "d", .driver = { .owner = THIS_MODULE } };',
    '',
  ].join('\n');
  const findings = await findingsOf(rule, code);
  assert.deepEqual(findings.map((finding) => /struct (\w+)/.exec(finding.message)?.[1]), ['pci_driver', 'i2c_driver', 'spi_driver', 'usb_driver']);
  let fixed = code;
  for (const finding of [...findings].reverse()) fixed = applyFirstFix(fixed, finding);
  assert.ok(!fixed.includes('THIS_MODULE'));
  assert.ok(await parsesCleanly(fixed));
});

test('owners that registration does not set are left alone', async () => {
  const code = [
    // file_operations, module-level structures and unknown driver types keep their owner.
    'static const struct file_operations fops = { .owner = THIS_MODULE, .open = f_open };',
    'static struct my_bus_driver e_driver = { .driver = { .owner = THIS_MODULE } };',
    // Only the `.driver` member's owner is set by the helper.
    'static struct platform_driver f_driver = { .owner = THIS_MODULE };',
    // Registered by hand, the driver keeps what it was given.
    'static struct platform_driver g_driver = { .driver = { .owner = THIS_MODULE } };',
    'static int __init g_init(void)',
    '{',
    '\treturn driver_register(&g_driver.driver);',
    '}',
    'static struct platform_driver h_driver = { .driver = { .owner = THIS_MODULE } };',
    'static int __init h_init(void)',
    '{',
    '\treturn __platform_driver_register(&h_driver, NULL);',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(await findingsOf(rule, code), []);
});

test('the derived facts hold the buses the Coccinelle script and reviewers name, each at its .driver member', () => {
  const byType = new Map(ownerSettingDrivers.map((fact) => [fact.type, fact]));
  for (const type of ['platform_driver', 'pci_driver', 'i2c_driver', 'spi_driver', 'usb_driver', 'hid_driver', 'virtio_driver']) {
    assert.equal(byType.get(type)?.member, 'driver', type);
  }
  assert.equal(byType.get('amba_driver')?.member, 'drv');
  assert.ok(byType.get('platform_driver')!.helpers.includes('platform_driver_register'));
  assert.ok(!byType.has('file_operations'));
});
