package io.stategrid.node.config;

import java.util.Arrays;

/** What a node process runs. */
public enum Role {
    /** A Hazelcast member and the HTTP/WebSocket edge in one process. */
    MEMBER_AND_EDGE("member+edge"),
    /** A Hazelcast member only: holds and persists data. */
    MEMBER("member"),
    /** The edge only, joined to a remote cluster as a Hazelcast client, so edges scale apart from members. */
    EDGE("edge");

    private final String configName;

    Role(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public boolean runsMember() {
        return this != EDGE;
    }

    public boolean runsEdge() {
        return this != MEMBER;
    }

    /** Parses {@code member+edge}, {@code member} or {@code edge}. */
    public static Role parse(String value) {
        return Arrays.stream(values())
                .filter(r -> r.configName.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of member+edge, member, edge"));
    }
}
