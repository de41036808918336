package org.runstate.qmp;

/** A connection's negotiation state as {@code QmpSession} keeps it, for driving the dispatcher directly. */
final class NegotiationState implements QmpSessionState {
    /** Null while in capabilities negotiation; then whether OOB was enabled. */
    private Boolean oobAfterNegotiation;

    @Override
    public boolean commandMode() {
        return oobAfterNegotiation != null;
    }

    @Override
    public boolean oobEnabled() {
        return Boolean.TRUE.equals(oobAfterNegotiation);
    }

    @Override
    public void negotiated(final boolean enableOob) {
        oobAfterNegotiation = enableOob;
    }
}
