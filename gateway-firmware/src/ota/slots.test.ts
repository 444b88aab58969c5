import { lstatSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Slots } from './slots';

const root = mkdtempSync(join(tmpdir(), 'ota-slots-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('A/B slots', () => {
  it('starts on the factory install, fills the inactive slot, switches the link atomically and back', () => {
    const slots = new Slots(root);
    expect(slots.active()).toBeNull();
    expect(slots.inactive()).toBe('a');
    const dir = slots.prepare('a');
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        format: 1,
        version: '1.5.0',
        hardwareRevisions: ['*'],
        createdAt: '2026-11-27T10:00:00.000Z',
      }),
    );
    slots.switchTo('a');
    expect(lstatSync(slots.activeLink).isSymbolicLink()).toBe(true);
    expect(readlinkSync(slots.activeLink)).toBe('slots/a');
    expect(slots.active()).toBe('a');
    expect(slots.inactive()).toBe('b');
    expect(slots.manifest('a')?.version).toBe('1.5.0');
    expect(slots.manifest('b')).toBeNull();
    slots.switchTo('b');
    expect(slots.active()).toBe('b');
    slots.switchTo(null);
    expect(slots.active()).toBeNull();
  });

  it('reads a broken manifest as none', () => {
    const slots = new Slots(root);
    writeFileSync(join(slots.prepare('b'), 'manifest.json'), '{"format":1');
    expect(slots.manifest('b')).toBeNull();
  });
});
