package io.stategrid.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a client application connects to a Stategrid cluster. Immutable; build with {@link #builder()}.
 *
 * @param clusterName    the cluster name the members were started with
 * @param addresses      one or more member addresses, {@code host:port}
 * @param connectTimeout how long {@link Stategrid#connect} keeps trying before it fails with
 *                       {@code UNAVAILABLE}
 */
public record ClientOptions(String clusterName, List<String> addresses, Duration connectTimeout) {
    private static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}$");
    public static final String DEFAULT_CLUSTER_NAME = "stategrid";
    public static final List<String> DEFAULT_ADDRESSES = List.of("127.0.0.1:5701");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final ClientOptions DEFAULT =
            new ClientOptions(DEFAULT_CLUSTER_NAME, DEFAULT_ADDRESSES, DEFAULT_CONNECT_TIMEOUT);

    public ClientOptions {
        Objects.requireNonNull(clusterName, "clusterName");
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("addresses must name at least one member");
        }
        for (String address : addresses) {
            if (!ADDRESS.matcher(address).matches()) {
                throw new IllegalArgumentException("address must be host:port, got '" + address + "'");
            }
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be > 0, got " + connectTimeout);
        }
    }

    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Fluent builder; each value is checked when {@link #build()} is called. */
    public static final class Builder {
        private String clusterName;
        private List<String> addresses;
        private Duration connectTimeout;

        private Builder(ClientOptions from) {
            this.clusterName = from.clusterName;
            this.addresses = from.addresses;
            this.connectTimeout = from.connectTimeout;
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        public Builder addresses(String... addresses) {
            return addresses(List.of(addresses));
        }

        public Builder addresses(List<String> addresses) {
            this.addresses = addresses;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(clusterName, addresses, connectTimeout);
        }
    }
}
