package io.stategrid.node.impl;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stategrid.edge.impl.ReadinessProbe;

/** The node's Prometheus registry: JVM, process, cluster and readiness gauges. */
public final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public NodeMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void bindCluster(HazelcastInstance hazelcast) {
        Gauge.builder("stategrid.cluster.members", hazelcast, h -> h.getLifecycleService().isRunning()
                        ? h.getCluster().getMembers().size() : 0)
                .description("Members this node sees in its cluster")
                .register(registry);
    }

    public void bindReadiness(ReadinessProbe probe) {
        Gauge.builder("stategrid.node.ready", probe, p -> p.latest().ready() ? 1 : 0)
                .description("1 when every readiness check passes")
                .register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
