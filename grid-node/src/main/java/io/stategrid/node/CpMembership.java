package io.stategrid.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystemManagementService;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast 5.4 does not refill the CP group when a CP member leaves for good (a rolling restart):
 * the group stays smaller, and two more CP members leaving together would hang. A member that starts
 * into a CP subsystem with fewer CP members than configured promotes itself.
 */
final class CpMembership {
    private static final Logger LOG = LoggerFactory.getLogger(CpMembership.class);

    private CpMembership() {}

    /** In the background: once CP discovery is done, promote this member if the CP group is short. */
    static void promoteWhenShort(HazelcastInstance member, int cpMemberCount) {
        if (cpMemberCount == 0) {
            return;
        }
        Thread thread = new Thread(
                () -> {
                    try {
                        CPSubsystemManagementService cp =
                                member.getCPSubsystem().getCPSubsystemManagementService();
                        while (!cp.isDiscoveryCompleted()) {
                            if (!member.getLifecycleService().isRunning()) {
                                return;
                            }
                            TimeUnit.MILLISECONDS.sleep(200);
                        }
                        if (member.getCPSubsystem().getLocalCPMember() != null) {
                            return;
                        }
                        Collection<CPMember> members =
                                cp.getCPMembers().toCompletableFuture().get(30, TimeUnit.SECONDS);
                        if (members.size() < cpMemberCount) {
                            LOG.info(
                                    "CP group has {} of {} members: promoting this member",
                                    members.size(),
                                    cpMemberCount);
                            cp.promoteToCPMember().toCompletableFuture().get(60, TimeUnit.SECONDS);
                            LOG.info("this member is now a CP member");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        LOG.warn("could not promote this member to the CP group: {}", e.toString());
                    }
                },
                "stategrid-cp-promotion");
        thread.setDaemon(true);
        thread.start();
    }
}
