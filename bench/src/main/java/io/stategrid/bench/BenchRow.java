package io.stategrid.bench;

/**
 * One line of a report: a workload on one system, measured once per round.
 *
 * @param id      how the report finds it, {@code section.workload.system}
 * @param measure one measured run (its own warm-up included)
 */
record BenchRow(String id, Measure measure) {
    interface Measure {
        TimedLoad.Result run() throws Exception;
    }
}
