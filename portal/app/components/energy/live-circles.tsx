import { Alert, Box, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useFormat, useT } from '~/lib/i18n';

export interface LiveSnapshotView {
  receivedAt: string;
  live: {
    ts: string;
    grid?: { importW: number; exportW: number };
    pv?: { w: number };
    battery?: { w: number; socPct: number; status: string };
    heat?: { w: number; tempC: number; status: string };
    chargers?: Array<{ id: string; w: number; status: string }>;
  };
}

export type LiveState = 'connecting' | 'open' | 'error' | 'ended' | 'revoked';

const STALE_MS = 2 * 60 * 1000;

/**
 * Follows a site's live stream (server-sent events; the browser reconnects by itself after a drop). `latest`: the
 * site's last known values as the page's loader read them, shown from the first paint until the stream speaks.
 */
export function useLiveStream(siteId: number, enabled: boolean, latest: LiveSnapshotView | null = null) {
  const [snapshot, setSnapshot] = useState<LiveSnapshotView | null>(latest);
  const [state, setState] = useState<LiveState>('connecting');
  // another address (the switcher keeps this component): its own last values, not the previous address's
  const [shownSite, setShownSite] = useState(siteId);
  if (shownSite !== siteId) {
    setShownSite(siteId);
    setSnapshot(latest);
  }
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(`/api/live/${siteId}`);
    source.addEventListener('live', (e) => {
      setState('open');
      const data = JSON.parse((e as MessageEvent<string>).data) as LiveSnapshotView | null;
      if (data) setSnapshot(data);
    });
    // The server's last event says why it ended (portal/server/live-stream.ts); on 'access-changed' the browser
    // reconnects by itself and gets what the person may now see.
    source.addEventListener('session-ended', () => {
      setState('ended');
      source.close();
    });
    source.addEventListener('access-ended', () => {
      setState('revoked');
      source.close();
    });
    source.onerror = () => setState((s) => (s === 'ended' || s === 'revoked' ? s : 'error'));
    return () => source.close();
  }, [siteId, enabled]);
  return { snapshot, state };
}

function Circle({
  size,
  color,
  value,
  label,
  hint,
  testId,
}: {
  size: number;
  color: string;
  value: string;
  label: string;
  hint?: string;
  testId: string;
}) {
  return (
    <Stack align="center" gap={4}>
      <Box
        role="img"
        aria-label={`${label}: ${value}`}
        data-testid={testId}
        w={size}
        h={size}
        style={{
          borderRadius: '50%',
          border: `${size > 120 ? 10 : 7}px solid var(--mantine-color-${color}-6)`,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          flexDirection: 'column',
        }}
      >
        <Text fw={700} size={size > 120 ? 'xl' : 'md'} aria-hidden>
          {value}
        </Text>
      </Box>
      <Text size="sm" fw={500} c={`${color}.8`}>
        {label}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed" ta="center" maw={220}>
          {hint}
        </Text>
      ) : null}
    </Stack>
  );
}

/**
 * The dashboard's two live circles (manual: "Netto-afname/netto-injectie" and "Productie zonnepanelen"): net import in
 * orange or net export in green, in kW; PV production in W. (Why there is no live data without a gateway, or no PV
 * without a readable inverter, the dashboard says above.)
 */
export function LiveCircles({
  snapshot,
  state,
  hasInverter,
}: {
  snapshot: LiveSnapshotView | null;
  state: LiveState;
  hasInverter: boolean;
}) {
  const t = useT();
  const f = useFormat();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, []);
  const grid = snapshot?.live.grid;
  const net = grid ? grid.importW - grid.exportW : null;
  const exporting = net !== null && net < 0;
  const stale = snapshot ? now - Date.parse(snapshot.receivedAt) > STALE_MS : false;
  return (
    <Stack gap="sm" aria-live="polite" data-live-state={state}>
      <Group justify="center" align="flex-start" gap="xl">
        <Circle
          size={160}
          color={exporting ? 'green' : 'orange'}
          testId="live-net"
          value={net === null ? '–' : f.kw(Math.abs(net))}
          label={exporting ? t('energy.live.netExport') : t('energy.live.netImport')}
          hint={
            net === null ? undefined : exporting ? t('energy.live.exportHint') : t('energy.live.importHint')
          }
        />
        <Circle
          size={110}
          color="yellow"
          testId="live-pv"
          value={hasInverter && snapshot?.live.pv ? `${f.number(snapshot.live.pv.w)} W` : '–'}
          label={t('energy.live.production')}
        />
      </Group>
      {state === 'ended' ? <Alert color="orange">{t('energy.live.sessionEnded')}</Alert> : null}
      {state === 'revoked' ? <Alert color="orange">{t('energy.live.accessEnded')}</Alert> : null}
      {state === 'error' ? (
        <Text size="xs" c="dimmed" ta="center">
          {t('energy.live.disconnected')}
        </Text>
      ) : null}
      {!snapshot && state !== 'ended' && state !== 'revoked' ? (
        <Text size="sm" c="dimmed" ta="center">
          {t('energy.live.waiting')}
        </Text>
      ) : null}
      {snapshot && stale ? <Alert color="yellow">{t('energy.live.stale')}</Alert> : null}
      {snapshot && !stale ? (
        <Text size="xs" c="dimmed" ta="center">
          {t('energy.live.updated', { time: f.time(snapshot.receivedAt) })}
        </Text>
      ) : null}
    </Stack>
  );
}
