import { addDays, localDate, quarterStartsOfDay } from '@ilumen/energy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';
import { shiftMonth } from './comparison';
import { writeQuarters } from './store';

let h: ServiceHarness;
let w: World;

beforeAll(async () => {
  h = await createServiceHarness('comparison');
  w = await createWorld(h.services);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** A day of flat quarters for a site (from the `from`-th quarter of the day on). */
const day = (siteId: number, date: string, from = 0) =>
  writeQuarters(
    h.testDb.db,
    quarterStartsOfDay(date)
      .slice(from)
      .map((ts) => ({ source: 'gateway' as const, siteId, ts: new Date(ts), importWh: 100, exportWh: 0 })),
  );

describe("the contract comparison's months", () => {
  it('counts only whole months: a history that starts on the 7th leaves that month out, and the note agrees with the table', async () => {
    const owner = await w.actor(w.users.ownerA);
    const siteId = w.sites.siteA;
    const today = localDate(h.clock.now());
    const thisMonth = today.slice(0, 7);
    // the history begins on the 7th of the month a year ago (as the demo's does) and runs to yesterday
    await day(siteId, `${shiftMonth(thisMonth, -12)}-07`);
    await day(siteId, addDays(today, -1));
    const c = await h.services.comparison.comparison(owner, { siteId });
    if (c.state !== 'ready') throw new Error('expected a comparison');
    expect(c.firstDay).toBe(`${shiftMonth(thisMonth, -11)}-01`);
    expect([c.months, c.wholeMonths]).toEqual([11, true]);
    expect(c.monthly.map((m) => m.month)).toEqual(
      Array.from({ length: 11 }, (_, i) => shiftMonth(thisMonth, i - 11)),
    );

    // a history from the 1st, but from noon: that first day is not whole, nor is its month
    const other = w.sites.siteA2;
    await day(other, `${shiftMonth(thisMonth, -2)}-01`, 48);
    await day(other, addDays(today, -1));
    const late = await h.services.comparison.comparison(w.system, { siteId: other });
    if (late.state !== 'ready') throw new Error('expected a comparison');
    expect([late.firstDay, late.months]).toEqual([`${shiftMonth(thisMonth, -1)}-01`, 1]);
  });

  it('compares a home without a whole month yet on its days, and says so in days', async () => {
    const siteId = w.sites.siteB;
    const today = localDate(h.clock.now());
    const lastMonth = shiftMonth(today.slice(0, 7), -1);
    await day(siteId, `${lastMonth}-20`);
    const c = await h.services.comparison.comparison(await w.actor(w.users.ownerB), { siteId });
    if (c.state !== 'ready') throw new Error('expected a comparison');
    const lastDay = addDays(`${today.slice(0, 7)}-01`, -1);
    expect(c).toMatchObject({ firstDay: `${lastMonth}-20`, lastDay, wholeMonths: false, months: 1 });
    expect(c.days).toBe(Number(lastDay.slice(8)) - 19);
  });
});
