package dev.chatstream.platform.control;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The application's metrics, with the same names on every server: a Micrometer registry in the WAR, served in
 * the Prometheus text format at {@code /metrics} ({@link dev.chatstream.platform.boundary.MetricsEndpoint}),
 * never the server's own metrics API (WildFly has no MicroProfile Metrics; the others name metrics differently).
 */
@ApplicationScoped
public class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    @Produces
    MeterRegistry registry() {
        return registry;
    }

    /** Every metric, in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @PreDestroy
    void close() {
        gc.close();
        registry.close();
    }
}
