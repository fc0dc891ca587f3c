package io.stategrid.node.cli;

import io.stategrid.node.StategridNode;
import io.stategrid.node.config.NodeOptions;

/** What a new user needs next, printed once the node is up. */
final class Banner {
    private Banner() {}

    static String render(StategridNode node) {
        NodeOptions options = node.options();
        NodeOptions.Cluster cluster = options.cluster();
        StringBuilder out = new StringBuilder("\n");
        out.append("Stategrid is running: role ")
                .append(options.role().configName())
                .append(", ")
                .append(options.devMode() ? "dev" : "prod")
                .append(" mode\n");
        out.append(String.format(
                "  Cluster      '%s', %d member(s) visible; this member on %s:%d%n",
                cluster.name(),
                node.hazelcast().getCluster().getMembers().size(),
                cluster.bindAddress(),
                cluster.port()));
        out.append(
                cluster.cpMemberCount() == 0
                        ? "  CP           UNSAFE MODE (cluster.cpMemberCount=0): fine for one dev node, not for production\n"
                        : "  CP           " + cluster.cpMemberCount() + " CP members (Raft)\n");
        if (options.role().runsMember()) {
            out.append("  Persistence  ").append(node.persistence()).append('\n');
        }
        node.edgeUrl().ifPresent(url -> {
            out.append("  Edge         ").append(url).append('\n');
            out.append("  Health       ").append(url).append("/health/ready\n");
            out.append("  Metrics      ").append(url).append("/metrics (Prometheus; admin token)\n");
        });
        out.append("  Mgmt Center  add cluster '")
                .append(cluster.name())
                .append("' at ")
                .append(cluster.bindAddress())
                .append(':')
                .append(cluster.port())
                .append('\n');
        node.devToken().ifPresent(token -> {
            out.append("\nDev admin token (valid ")
                    .append(options.jwt().devTokenTtl().toHours())
                    .append(
                            options.jwt().secret().isEmpty()
                                    ? " h, this run only: the JWT secret was generated at start):\n"
                                    : " h, signed with the configured JWT secret, valid across restarts):\n");
            out.append("  export TOKEN=").append(token).append('\n');
            out.append("  curl -H \"Authorization: Bearer $TOKEN\" ")
                    .append(node.edgeUrl().orElseThrow())
                    .append("/v1/whoami\n");
        });
        out.append("\nStop with Ctrl+C (graceful). Docs: README.md and docs/.\n");
        return out.toString();
    }
}
