/**
 * The SunSpec points we use, with offsets counted from the model's ID register (as sunspec/models json/model_N.json
 * lays them out; see ../shared/domain/sunspec-modbus.md). Points we never read are left out; `length` is the
 * model's L, so a device's model block can still be checked and skipped exactly.
 */

export type PointType =
  | 'int16'
  | 'uint16'
  | 'enum16'
  | 'bitfield16'
  | 'int32'
  | 'uint32'
  | 'bitfield32'
  | 'acc32'
  | 'acc64'
  | 'uint64'
  | 'sunssf'
  | 'string';

export interface PointDef {
  offset: number;
  type: PointType;
  /** Registers, for strings only (SunSpec json `size`). */
  size?: number;
  /** Name of the scale-factor point in the same model. */
  sf?: string;
}

export interface ModelDef<N extends string = string> {
  id: number;
  /** L: registers after the ID and L registers. */
  length: number;
  points: Record<N, PointDef>;
}

function defineModel<N extends string>(id: number, length: number, points: Record<N, PointDef>): ModelDef<N> {
  return { id, length, points };
}

export function pointSize(p: PointDef): number {
  switch (p.type) {
    case 'string':
      return p.size ?? 1;
    case 'int32':
    case 'uint32':
    case 'bitfield32':
    case 'acc32':
      return 2;
    case 'acc64':
    case 'uint64':
      return 4;
    default:
      return 1;
  }
}

const u16 = (offset: number, sf?: string): PointDef => ({ offset, type: 'uint16', sf });
const i16 = (offset: number, sf?: string): PointDef => ({ offset, type: 'int16', sf });
const e16 = (offset: number): PointDef => ({ offset, type: 'enum16' });
const sf = (offset: number): PointDef => ({ offset, type: 'sunssf' });
const str = (offset: number, size: number): PointDef => ({ offset, type: 'string', size });

export const MODEL_COMMON = defineModel(1, 66, {
  Mn: str(2, 16),
  Md: str(18, 16),
  Opt: str(34, 8),
  Vr: str(42, 8),
  SN: str(50, 16),
  DA: u16(66),
});

/** 101 single phase, 102 split phase, 103 three phase: one layout. */
function inverter10x(id: number) {
  return defineModel(id, 50, {
    A: u16(2, 'A_SF'),
    AphA: u16(3, 'A_SF'),
    AphB: u16(4, 'A_SF'),
    AphC: u16(5, 'A_SF'),
    A_SF: sf(6),
    PPVphAB: u16(7, 'V_SF'),
    PPVphBC: u16(8, 'V_SF'),
    PPVphCA: u16(9, 'V_SF'),
    PhVphA: u16(10, 'V_SF'),
    PhVphB: u16(11, 'V_SF'),
    PhVphC: u16(12, 'V_SF'),
    V_SF: sf(13),
    W: i16(14, 'W_SF'),
    W_SF: sf(15),
    Hz: u16(16, 'Hz_SF'),
    Hz_SF: sf(17),
    VA: i16(18, 'VA_SF'),
    VA_SF: sf(19),
    VAr: i16(20, 'VAr_SF'),
    VAr_SF: sf(21),
    PF: i16(22, 'PF_SF'),
    PF_SF: sf(23),
    WH: { offset: 24, type: 'acc32', sf: 'WH_SF' },
    WH_SF: sf(26),
    DCA: u16(27, 'DCA_SF'),
    DCA_SF: sf(28),
    DCV: u16(29, 'DCV_SF'),
    DCV_SF: sf(30),
    DCW: i16(31, 'DCW_SF'),
    DCW_SF: sf(32),
    TmpCab: i16(33, 'Tmp_SF'),
    TmpSnk: i16(34, 'Tmp_SF'),
    TmpTrns: i16(35, 'Tmp_SF'),
    TmpOt: i16(36, 'Tmp_SF'),
    Tmp_SF: sf(37),
    St: e16(38),
    StVnd: e16(39),
    Evt1: { offset: 40, type: 'bitfield32' },
    Evt2: { offset: 42, type: 'bitfield32' },
  });
}

export const MODEL_INVERTER_101 = inverter10x(101);
export const MODEL_INVERTER_102 = inverter10x(102);
export const MODEL_INVERTER_103 = inverter10x(103);

export const MODEL_DER_AC_701 = defineModel(701, 153, {
  ACType: e16(2),
  St: e16(3),
  InvSt: e16(4),
  ConnSt: e16(5),
  Alrm: { offset: 6, type: 'bitfield32' },
  DERMode: { offset: 8, type: 'bitfield32' },
  W: i16(10, 'W_SF'),
  VA: i16(11, 'VA_SF'),
  Var: i16(12, 'Var_SF'),
  PF: u16(13, 'PF_SF'),
  A: i16(14, 'A_SF'),
  LLV: i16(15, 'V_SF'),
  LNV: i16(16, 'V_SF'),
  Hz: { offset: 17, type: 'uint32', sf: 'Hz_SF' },
  TotWhInj: { offset: 19, type: 'uint64', sf: 'TotWh_SF' },
  TotWhAbs: { offset: 23, type: 'uint64', sf: 'TotWh_SF' },
  TmpCab: i16(36, 'Tmp_SF'),
  ThrotPct: u16(110),
  A_SF: sf(113),
  V_SF: sf(114),
  Hz_SF: sf(115),
  W_SF: sf(116),
  PF_SF: sf(117),
  VA_SF: sf(118),
  Var_SF: sf(119),
  TotWh_SF: sf(120),
  TotVarh_SF: sf(121),
  Tmp_SF: sf(122),
  MnAlrmInfo: str(123, 32),
});

export const MODEL_STORAGE_124 = defineModel(124, 24, {
  WChaMax: u16(2, 'WChaMax_SF'),
  WChaGra: u16(3, 'WChaDisChaGra_SF'),
  WDisChaGra: u16(4, 'WChaDisChaGra_SF'),
  StorCtl_Mod: { offset: 5, type: 'bitfield16' },
  VAChaMax: u16(6, 'VAChaMax_SF'),
  MinRsvPct: u16(7, 'MinRsvPct_SF'),
  ChaState: u16(8, 'ChaState_SF'),
  StorAval: u16(9, 'StorAval_SF'),
  InBatV: u16(10, 'InBatV_SF'),
  ChaSt: e16(11),
  OutWRte: i16(12, 'InOutWRte_SF'),
  InWRte: i16(13, 'InOutWRte_SF'),
  InOutWRte_WinTms: u16(14),
  InOutWRte_RvrtTms: u16(15),
  InOutWRte_RmpTms: u16(16),
  ChaGriSet: e16(17),
  WChaMax_SF: sf(18),
  WChaDisChaGra_SF: sf(19),
  VAChaMax_SF: sf(20),
  MinRsvPct_SF: sf(21),
  ChaState_SF: sf(22),
  StorAval_SF: sf(23),
  InBatV_SF: sf(24),
  InOutWRte_SF: sf(25),
});

export const MODEL_STORAGE_CAPACITY_713 = defineModel(713, 7, {
  WHRtg: u16(2, 'WH_SF'),
  WHAvail: u16(3, 'WH_SF'),
  SoC: u16(4, 'Pct_SF'),
  SoH: u16(5, 'Pct_SF'),
  Sta: e16(6),
  WH_SF: sf(7),
  Pct_SF: sf(8),
});

export const MODEL_BATTERY_802 = defineModel(802, 62, {
  AHRtg: u16(2, 'AHRtg_SF'),
  WHRtg: u16(3, 'WHRtg_SF'),
  WChaRteMax: u16(4, 'WChaDisChaMax_SF'),
  WDisChaRteMax: u16(5, 'WChaDisChaMax_SF'),
  SoCMax: u16(7, 'SoC_SF'),
  SoCMin: u16(8, 'SoC_SF'),
  SoC: u16(11, 'SoC_SF'),
  SoH: u16(13, 'SoH_SF'),
  NCyc: { offset: 14, type: 'uint32' },
  ChaSt: e16(16),
  LocRemCtl: e16(17),
  State: e16(22),
  Evt1: { offset: 26, type: 'bitfield32' },
  V: u16(34, 'V_SF'),
  A: i16(44, 'A_SF'),
  W: i16(47, 'W_SF'),
  AHRtg_SF: sf(52),
  WHRtg_SF: sf(53),
  WChaDisChaMax_SF: sf(54),
  SoC_SF: sf(56),
  SoH_SF: sf(58),
  V_SF: sf(59),
  A_SF: sf(61),
  W_SF: sf(63),
});

export const MODEL_DEFS: ReadonlyMap<number, ModelDef> = new Map(
  (
    [
      MODEL_COMMON,
      MODEL_INVERTER_101,
      MODEL_INVERTER_102,
      MODEL_INVERTER_103,
      MODEL_DER_AC_701,
      MODEL_STORAGE_124,
      MODEL_STORAGE_CAPACITY_713,
      MODEL_BATTERY_802,
    ] as ModelDef[]
  ).map((m) => [m.id, m]),
);

/** 101 St / 701 InvSt operating states. */
export const INVERTER_ST = {
  1: 'off',
  2: 'sleeping',
  3: 'starting',
  4: 'producing',
  5: 'throttled',
  6: 'shutting-down',
  7: 'fault',
  8: 'standby',
} as const;

/** 124 / 802 ChaSt. */
export const CHA_ST = {
  1: 'off',
  2: 'empty',
  3: 'discharging',
  4: 'charging',
  5: 'full',
  6: 'holding',
  7: 'testing',
} as const;

/** 124 StorCtl_Mod bits: when set, the charge (discharge) rate is limited to InWRte (OutWRte) % of WChaMax. */
export const STOR_CTL = { charge: 1, discharge: 2 } as const;

/** 802 State value for FAULT. */
export const BATTERY_STATE_FAULT = 99;
