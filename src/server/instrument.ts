// Imported first by main.ts, before anything that loads http, express, pg or graphql: the OpenTelemetry
// instrumentations patch those modules as they are required, so tracing must start before (telemetry.ts). A no-op
// unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
import { startTelemetry } from './telemetry';

startTelemetry();
