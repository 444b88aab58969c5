import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One process's Prometheus metrics. Every name the alert rules and the dashboard use (ops/prometheus,
 * ops/grafana) is defined here, so the three stay in step; `metricNames()` lists them for the test that checks that.
 * Values that live elsewhere (queue depths in Redis, gateways and rollouts in MariaDB) are read when Prometheus
 * scrapes, through `onScrape`, and never more often than that.
 */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  ingestMessages: Counter<'kind'>;
  ingestRefused: Counter<'reason'>;
  ingestBatches: Counter<'sink'>;
  ingestBatchRows: Histogram<'sink'>;
  ingestLag: Histogram<'sink'>;
  ingestUnacked: Gauge;
  ingestConnected: Gauge;
  ingestLastMessageAge: Gauge;
  ingestSilent: Gauge;
  queueJobs: Gauge<'queue' | 'state'>;
  jobsProcessed: Counter<'queue' | 'outcome'>;
  gateways: Gauge<'state'>;
  liveStreams: Gauge;
  dbPool: Gauge<'state'>;
  rollouts: Gauge<'state'>;
  certificateExpiry: Gauge<'name'>;
  /** A reader run before each scrape (queue depths, counts from MariaDB); one that fails does not fail the scrape. */
  onScrape(collect: () => Promise<void>): void;
  /** Runs every reader, then renders the registry (what `/metrics` answers). */
  render(): Promise<string>;
}

export function createMetrics(processName: 'portal' | 'worker'): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process: processName });
  collectDefaultMetrics({ register: registry });
  const collectors: Array<() => Promise<void>> = [];
  const registers = [registry];

  const metrics: Metrics = {
    registry,
    httpDuration: new Histogram({
      name: 'ilumen_http_request_duration_seconds',
      help: 'Portal requests by route pattern (never the raw path), method and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    ingestMessages: new Counter({
      name: 'ilumen_ingest_messages_total',
      help: 'Messages from gateways accepted by the ingest, by kind',
      labelNames: ['kind'],
      registers,
    }),
    ingestRefused: new Counter({
      name: 'ilumen_ingest_refused_total',
      help: 'Messages the ingest refused, by class of reason',
      labelNames: ['reason'],
      registers,
    }),
    ingestBatches: new Counter({
      name: 'ilumen_ingest_write_batches_total',
      help: 'Write batches committed by the ingest',
      labelNames: ['sink'],
      registers,
    }),
    ingestBatchRows: new Histogram({
      name: 'ilumen_ingest_write_batch_messages',
      help: 'Messages per committed write batch',
      labelNames: ['sink'],
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500],
      registers,
    }),
    ingestLag: new Histogram({
      name: 'ilumen_ingest_lag_seconds',
      help: "From a message's own timestamp to its commit: how late the data is in the database",
      labelNames: ['sink'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    }),
    ingestUnacked: new Gauge({
      name: 'ilumen_ingest_unacked_messages',
      help: 'QoS 1 messages received and not yet committed and acknowledged',
      registers,
    }),
    ingestConnected: new Gauge({
      name: 'ilumen_ingest_connected',
      help: '1 while the ingest is connected to the broker with its subscriptions granted',
      registers,
    }),
    ingestLastMessageAge: new Gauge({
      name: 'ilumen_ingest_last_message_age_seconds',
      help: 'Seconds since the ingest received any message',
      registers,
    }),
    ingestSilent: new Gauge({
      name: 'ilumen_ingest_silent',
      help: '1 while the ingest, connected and subscribed, hears nothing from a fleet that should be talking',
      registers,
    }),
    queueJobs: new Gauge({
      name: 'ilumen_queue_jobs',
      help: 'BullMQ jobs per queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'],
      registers,
    }),
    jobsProcessed: new Counter({
      name: 'ilumen_jobs_processed_total',
      help: 'Jobs this worker finished, by queue and outcome (completed, failed)',
      labelNames: ['queue', 'outcome'],
      registers,
    }),
    gateways: new Gauge({
      name: 'ilumen_gateways',
      help: 'Gateways on a site (claimed), by state (online, offline)',
      labelNames: ['state'],
      registers,
    }),
    liveStreams: new Gauge({
      name: 'ilumen_live_streams_open',
      help: 'Live streams (server-sent events) open on this portal',
      registers,
    }),
    dbPool: new Gauge({
      name: 'ilumen_db_pool_connections',
      help: "The process's MariaDB pool: connections in use, free, and requests queued for one; and its limit",
      labelNames: ['state'],
      registers,
    }),
    rollouts: new Gauge({
      name: 'ilumen_rollouts',
      help: 'Firmware rollouts by state',
      labelNames: ['state'],
      registers,
    }),
    certificateExpiry: new Gauge({
      name: 'ilumen_certificate_expiry_timestamp_seconds',
      help: 'When a certificate this process relies on expires (Unix time)',
      labelNames: ['name'],
      registers,
    }),
    onScrape(collect) {
      collectors.push(collect);
    },
    async render() {
      const results = await Promise.allSettled(collectors.map((c) => c()));
      collectOk.set(results.every((r) => r.status === 'fulfilled') ? 1 : 0);
      return registry.metrics();
    },
  };
  const collectOk = new Gauge({
    name: 'ilumen_scrape_collect_ok',
    help: '1 when every value read at scrape time (queues, gateways, rollouts) could be read',
    registers,
  });
  return metrics;
}

/**
 * A refusal's reason as a bounded label: the reasons themselves name serials, topics and fields, which would make a
 * new time series for every gateway.
 */
export function refusalClass(reason: string): string {
  if (reason.startsWith('unknown gateway')) return 'unknown_gateway';
  if (reason.startsWith('topic is not')) return 'bad_topic';
  if (/contract version .* not supported/.test(reason)) return 'unsupported_version';
  if (/over the limit/.test(reason)) return 'too_large';
  if (/not valid UTF-8|not JSON|must be a JSON object|empty payload/.test(reason)) return 'not_json';
  return 'invalid';
}
