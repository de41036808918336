package org.runstate.qmp;

/** What the dispatcher needs to know of, and may change in, a client session. */
public interface QmpSessionState {
    /**
     * Whether {@code qmp_capabilities} has succeeded.
     *
     * @return true in command mode
     */
    boolean commandMode();

    /**
     * Whether the client enabled OOB.
     *
     * @return true if {@code exec-oob} is allowed
     */
    boolean oobEnabled();

    /**
     * Switches to command mode: events start flowing to this client.
     *
     * @param oob whether OOB was enabled
     */
    void negotiated(boolean oob);
}
