package io.stategrid.bench;

import io.stategrid.node.StategridNode;
import io.stategrid.node.config.NodeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A whole node (member+edge, embedded PostgreSQL in a fresh directory, dev token) for a benchmark. */
final class BenchNodes {
    private BenchNodes() {}

    /** Starts a one-member cluster {@code name} whose member listens on {@code port}; the edge on a free port. */
    static StategridNode start(String name, int port) throws IOException {
        Path dir = Files.createTempDirectory("stategrid-bench-" + name);
        Map<String, String> set = new HashMap<>();
        set.put("node.dataDir", dir.toString());
        set.put("pg.embeddedDir", dir.resolve("pg").toString());
        set.put("cluster.port", String.valueOf(port));
        set.put("cluster.members", "127.0.0.1:" + port);
        set.put("cluster.name", name);
        set.put("edge.port", "0");
        return StategridNode.start(NodeOptions.load(Optional.empty(), Map.of(), set));
    }

    /** The directory of the node's embedded PostgreSQL. */
    static Path postgresDir(StategridNode node) {
        return node.options().pg().embeddedDir();
    }
}
