package io.stategrid.internal;

import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;

/**
 * The clock entry processors use for expiry on a member: the system clock, unless a test registered
 * another one for that member through {@link MemberContext}. Not public API.
 */
public final class MemberClock {
    private MemberClock() {}

    public static long millis(HazelcastInstance member) {
        return MemberContext.find(member, Clock.class).map(Clock::millis).orElseGet(System::currentTimeMillis);
    }
}
