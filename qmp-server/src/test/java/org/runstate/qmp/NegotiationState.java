package org.runstate.qmp;

/** A connection's negotiation state as {@code QmpSession} keeps it, for driving the dispatcher directly. */
final class NegotiationState implements QmpSessionState {
    private boolean commandMode;
    private boolean oob;

    @Override
    public boolean commandMode() {
        return commandMode;
    }

    @Override
    public boolean oobEnabled() {
        return oob;
    }

    @Override
    public void negotiated(final boolean enableOob) {
        commandMode = true;
        oob = enableOob;
    }
}
