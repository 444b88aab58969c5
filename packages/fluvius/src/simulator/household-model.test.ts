import { describe, expect, it } from 'vitest';
import { addDays } from '../time/brussels-time';
import { householdProfile, simulateDay } from './household-model';

const PV_EAN = '541448820052377134'; // 6.6 kWp with seed 1
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('the simulated household', () => {
  it('is the same every time for the same EAN and seed, and different for another EAN or seed', () => {
    expect(simulateDay(PV_EAN, '2024-06-21', 1)).toEqual(simulateDay(PV_EAN, '2024-06-21', 1));
    const other = simulateDay('541448820050357909', '2024-06-21', 1).map((q) => q.consumptionWh);
    expect(other).not.toEqual(simulateDay(PV_EAN, '2024-06-21', 1).map((q) => q.consumptionWh));
    expect(householdProfile(PV_EAN, 2)).not.toEqual(householdProfile(PV_EAN, 1));
  });

  it('uses roughly its annual consumption over a year', () => {
    const profile = householdProfile(PV_EAN, 1);
    let wh = 0;
    for (let day = '2024-01-01'; day < '2025-01-01'; day = addDays(day, 1)) {
      wh += sum(simulateDay(PV_EAN, day, 1).map((q) => q.consumptionWh));
    }
    expect(wh / 1000).toBeGreaterThan(profile.annualConsumptionKwh * 0.85);
    expect(wh / 1000).toBeLessThan(profile.annualConsumptionKwh * 1.15);
  });

  it('takes from the grid at night and injects around midday in summer', () => {
    expect(householdProfile(PV_EAN, 1).pvKwp).toBeGreaterThan(0);
    const summer = simulateDay(PV_EAN, '2024-06-21', 1);
    const localHour = (i: number) => Math.floor(i / 4); // a summer day without clock change: index = local quarter
    const night = summer.filter((_, i) => localHour(i) < 5);
    const midday = summer.filter((_, i) => localHour(i) >= 12 && localHour(i) < 15);
    expect(night.every((q) => q.productionWh === 0 && q.injectionWh === 0 && q.offtakeWh > 0)).toBe(true);
    expect(sum(midday.map((q) => q.injectionWh))).toBeGreaterThan(sum(midday.map((q) => q.offtakeWh)) * 3);
    const winterNoon = simulateDay(PV_EAN, '2024-12-21', 1).slice(48, 60);
    expect(sum(winterNoon.map((q) => q.productionWh))).toBeLessThan(
      sum(midday.map((q) => q.productionWh)) / 2,
    );
  });

  it('uses more in winter than in summer, and peaks in the evening', () => {
    const winter = simulateDay(PV_EAN, '2024-01-17', 1);
    const summer = simulateDay(PV_EAN, '2024-07-17', 1);
    expect(sum(winter.map((q) => q.consumptionWh))).toBeGreaterThan(sum(summer.map((q) => q.consumptionWh)));
    const evening = sum(winter.slice(72, 84).map((q) => q.consumptionWh)); // 18:00–21:00
    const earlyMorning = sum(winter.slice(12, 24).map((q) => q.consumptionWh)); // 03:00–06:00
    expect(evening).toBeGreaterThan(earlyMorning * 2);
  });

  it('books quarters on the night register at night and all weekend', () => {
    const monday = simulateDay(PV_EAN, '2024-11-04', 1);
    expect(monday.filter((q) => q.tariff === 'night')).toHaveLength(9 * 4);
    expect(monday[7 * 4]?.tariff).toBe('day');
    expect(simulateDay(PV_EAN, '2024-11-03', 1).every((q) => q.tariff === 'night')).toBe(true); // Sunday
  });

  it('has 92 and 100 quarters on clock-change days', () => {
    expect(simulateDay(PV_EAN, '2024-03-31', 1)).toHaveLength(92);
    expect(simulateDay(PV_EAN, '2024-10-27', 1)).toHaveLength(100);
  });
});
