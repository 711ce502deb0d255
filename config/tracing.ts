// Optional OpenTelemetry tracing of serve and worker: spans of Temporal's interceptors (client calls, workflow runs,
// activities) sent over OTLP/HTTP to a collector, on only when an OTLP endpoint is configured.
import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, type Context, type ContextManager, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Where spans go: the OTLP/HTTP traces URL and the service name they carry. */
export interface TracingSettings {
  /** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`. */
  url: string;
  /** OTEL_SERVICE_NAME; absent: `klartext-serve` or `klartext-worker`. */
  serviceName?: string;
}

/** A started tracer with what Temporal's worker interceptors and workflow span sink need. */
export interface Tracing {
  tracer: Tracer;
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Sends the spans still buffered and stops. */
  shutdown(): Promise<void>;
}

/**
 * Carries the active span across `await`s, so an activity's span is the child of the workflow span that scheduled it.
 * (`@opentelemetry/context-async-hooks` does the same; this is its AsyncLocalStorage core, without a dependency.)
 */
class AsyncLocalContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(context, () => fn.call(thisArg, ...args));
  }
  bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const fn = target as unknown as (...args: unknown[]) => unknown;
    const storage = this.storage;
    return function (this: unknown, ...args: unknown[]) {
      return storage.run(context, () => fn.apply(this, args));
    } as unknown as T;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

/** Starts the process's tracer provider (registered globally, W3C trace context) exporting in batches over OTLP/HTTP. */
export function startTracing(settings: TracingSettings, defaultServiceName: string): Tracing {
  const resource = new Resource({ 'service.name': settings.serviceName ?? defaultServiceName });
  // The exporter also reads OTEL_EXPORTER_OTLP_HEADERS (a collector's credentials) and OTEL_EXPORTER_OTLP_TIMEOUT.
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.url }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({ contextManager: new AsyncLocalContextManager() });
  return {
    tracer: provider.getTracer('klartext'),
    spanProcessor,
    resource,
    shutdown: () => provider.shutdown(),
  };
}
