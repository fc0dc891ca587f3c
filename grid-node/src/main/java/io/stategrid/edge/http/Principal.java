package io.stategrid.edge.http;

import io.stategrid.ErrorCode;
import io.stategrid.StategridException;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * The verified caller of an edge request: {@code sub}, {@code tenant} (default {@code default}) and
 * {@code roles} from the JWT, plus every claim for routes that need more.
 */
public record Principal(String subject, String tenant, Set<String> roles, JsonObject claims) {
    public static final String DEFAULT_TENANT = "default";
    public static final String ADMIN_ROLE = "admin";

    public Principal {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /**
     * This caller if it is an admin or has one of {@code roles}.
     *
     * @throws StategridException {@code FORBIDDEN}, naming {@code action} and the roles
     */
    public Principal require(String action, String... roles) {
        if (isAdmin()) {
            return this;
        }
        for (String role : roles) {
            if (hasRole(role)) {
                return this;
            }
        }
        throw StategridException.of(ErrorCode.FORBIDDEN, "%s needs the %s role", action, String.join(" or ", roles));
    }
}
