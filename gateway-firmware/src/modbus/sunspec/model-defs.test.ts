import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from './model-codec';
import {
  MODEL_BATTERY_802,
  MODEL_COMMON,
  MODEL_DEFS,
  MODEL_DER_AC_701,
  MODEL_INVERTER_103,
  MODEL_STORAGE_124,
  MODEL_STORAGE_CAPACITY_713,
  pointSize,
} from './model-defs';

describe('SunSpec model definitions', () => {
  // Offsets as ../shared/domain/sunspec-modbus.md lists them, typed in here by hand on purpose.
  it.each([
    [MODEL_COMMON, { Mn: 2, Md: 18, Opt: 34, Vr: 42, SN: 50, DA: 66 }, 66],
    [
      MODEL_INVERTER_103,
      {
        A: 2,
        A_SF: 6,
        PhVphA: 10,
        V_SF: 13,
        W: 14,
        W_SF: 15,
        Hz: 16,
        WH: 24,
        WH_SF: 26,
        DCW: 31,
        DCW_SF: 32,
        St: 38,
      },
      50,
    ],
    [
      MODEL_DER_AC_701,
      {
        ACType: 2,
        St: 3,
        InvSt: 4,
        ConnSt: 5,
        Alrm: 6,
        DERMode: 8,
        W: 10,
        A: 14,
        Hz: 17,
        TotWhInj: 19,
        TotWhAbs: 23,
        A_SF: 113,
        W_SF: 116,
        TotWh_SF: 120,
      },
      153,
    ],
    [
      MODEL_STORAGE_124,
      {
        WChaMax: 2,
        StorCtl_Mod: 5,
        MinRsvPct: 7,
        ChaState: 8,
        ChaSt: 11,
        OutWRte: 12,
        InWRte: 13,
        InOutWRte_RvrtTms: 15,
        ChaGriSet: 17,
        ChaState_SF: 22,
      },
      24,
    ],
    [
      MODEL_BATTERY_802,
      {
        AHRtg: 2,
        WHRtg: 3,
        SoCMax: 7,
        SoCMin: 8,
        SoC: 11,
        SoH: 13,
        NCyc: 14,
        ChaSt: 16,
        LocRemCtl: 17,
        State: 22,
        V: 34,
        A: 44,
        W: 47,
        SoC_SF: 56,
        W_SF: 63,
      },
      62,
    ],
    [MODEL_STORAGE_CAPACITY_713, { WHRtg: 2, WHAvail: 3, SoC: 4, SoH: 5 }, 7],
  ])('model %#: offsets and length match the domain note', (def, offsets, length) => {
    expect(def.length).toBe(length);
    for (const [name, offset] of Object.entries(offsets)) {
      expect({ name, offset: (def.points as Record<string, { offset: number }>)[name]?.offset }).toEqual({
        name,
        offset,
      });
    }
  });

  it('keeps every point inside its model and never overlaps two points', () => {
    for (const def of MODEL_DEFS.values()) {
      const used = new Map<number, string>();
      for (const [name, p] of Object.entries(def.points)) {
        expect(p.offset).toBeGreaterThanOrEqual(2);
        expect(p.offset + pointSize(p)).toBeLessThanOrEqual(def.length + 2);
        for (let r = p.offset; r < p.offset + pointSize(p); r++) {
          expect(used.get(r), `${def.id}.${name} overlaps ${used.get(r)}`).toBeUndefined();
          used.set(r, name);
        }
        if (p.sf) expect(def.points[p.sf as keyof typeof def.points], `${def.id}.${p.sf}`).toBeDefined();
      }
    }
  });

  it('decodes with scale factors, and unset points as not implemented', () => {
    const regs = encodeModel(MODEL_INVERTER_103, {
      W: 2345,
      W_SF: -1,
      WH: 1_000_000,
      WH_SF: 1,
      Hz: 5002,
      Hz_SF: -2,
    });
    expect(regs.slice(0, 2)).toEqual([103, 50]);
    const p = decodeModel(MODEL_INVERTER_103, regs);
    expect(p.W).toBe(234.5);
    expect(p.WH).toBe(10_000_000);
    expect(p.Hz).toBe(50.02);
    expect(p.DCW).toBeNull(); // not implemented value and not implemented scale factor
    expect(p.St).toBeNull();
    expect(p.TmpCab).toBeNull();
  });

  it('gives null for a value whose scale factor is not implemented', () => {
    const p = decodeModel(MODEL_INVERTER_103, encodeModel(MODEL_INVERTER_103, { W: 1500, W_SF: null }));
    expect(p.W).toBeNull();
  });
});
