import type { ControlLoop } from '../control/control-loop';
import type { GatewayMqtt } from '../mqtt/gateway-mqtt';
import type { Clock } from '../runtime/clock';
import type { SiteData } from '../runtime/site-data';
import type { HealthSnapshot } from './health-check';

/** The OTA health check's view of a running gateway: MQTT, the latest telegram, device links, control cycles. */
export function runtimeProbe(parts: {
  site: SiteData;
  mqtt: GatewayMqtt;
  control: ControlLoop;
  clock: Clock;
}): () => HealthSnapshot {
  return () => {
    const stats = parts.control.stats();
    return {
      at: parts.clock.now(),
      mqttConnected: parts.mqtt.connected,
      p1LastGoodAt: parts.site.p1?.receivedAt ?? null,
      p1MaxAgeMs: parts.site.p1MaxAge(60_000),
      devicesOnline: parts.site
        .deviceList()
        .filter((d) => d.link === 'online')
        .map((d) => d.config.id),
      controlCycles: stats.cycles,
      controlOverruns: stats.overruns,
    };
  };
}
