package org.runstate.s390;

/**
 * The architected s390 CPU state ({@code S390_CPU_STATE_*}, target/s390x/cpu.h), which is what
 * QEMU's {@code query-cpus-fast} reports as {@code cpu-state}. A wait PSW does not change it: a
 * CPU in a disabled wait is still {@link #OPERATING}.
 */
public enum CpuState {
    /** Not executing until started by SIGP restart (or an IPL); never counted as running. */
    STOPPED("stopped"),
    /** Check-stopped after a machine malfunction; never counted as running. */
    CHECK_STOP("check-stop"),
    /** Executing instructions (possibly in a wait). */
    OPERATING("operating"),
    /** Being loaded by IPL; counted as running like {@link #OPERATING}. */
    LOAD("load");

    private final String wireName;

    CpuState(final String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name {@code query-cpus-fast} uses ({@code CpuS390State}).
     *
     * @return for example {@code "operating"}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether {@code s390_count_running_cpus} looks at a CPU in this state at all.
     *
     * @return true for operating and load
     */
    boolean mayRun() {
        return this == OPERATING || this == LOAD;
    }
}
