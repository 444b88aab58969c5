import { startMailSink } from './index';

// Runs the sink on its own: `npm run -w @ilumen/mail-sink start` (SMTP on 1025, inbox on http://127.0.0.1:1080).
const sink = await startMailSink({
  smtpPort: Number(process.env.MAIL_SINK_SMTP_PORT ?? 1025),
  httpPort: Number(process.env.MAIL_SINK_HTTP_PORT ?? 1080),
});
process.stdout.write(`mail sink: SMTP ${sink.smtpUrl}, inbox ${sink.httpUrl}\n`);
const stop = () => void sink.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
