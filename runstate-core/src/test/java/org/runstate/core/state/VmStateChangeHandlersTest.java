package org.runstate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.runstate.core.qapi.RunState;

class VmStateChangeHandlersTest {
    private final List<String> calls = new ArrayList<>();
    private final VmStateChangeHandlers handlers = new VmStateChangeHandlers();

    private VmStateChangeHandler named(final String name) {
        return (running, state) -> calls.add(name + ":" + running + ":" + state.wireName());
    }

    @Test
    void startNotifiesByAscendingPriorityAndEqualPrioritiesInRegistrationOrder() {
        handlers.add(named("b1"), 1);
        handlers.add(named("a0"), 0);
        handlers.add(named("b2"), 1);
        handlers.add(named("c-1"), -1);
        handlers.notify(true, RunState.RUNNING);
        assertThat(calls).containsExactly("c-1:true:running", "a0:true:running", "b1:true:running", "b2:true:running");
    }

    @Test
    void stopNotifiesInTheReverseOrder() {
        handlers.add(named("b1"), 1);
        handlers.add(named("a0"), 0);
        handlers.add(named("b2"), 1);
        handlers.notify(false, RunState.PAUSED);
        assertThat(calls).containsExactly("b2:false:paused", "b1:false:paused", "a0:false:paused");
    }

    @Test
    void closingARegistrationRemovesOnlyThatHandler() throws Exception {
        AutoCloseable reg = handlers.add(named("x"));
        handlers.add(named("x"));
        reg.close();
        handlers.notify(true, RunState.RUNNING);
        assertThat(calls).containsExactly("x:true:running");
    }

    @Test
    void aHandlerMayRegisterAnotherWhileBeingNotified() {
        handlers.add((running, state) -> {
            calls.add("first");
            handlers.add(named("late"));
        });
        handlers.notify(true, RunState.RUNNING);
        assertThat(calls).containsExactly("first");
    }
}
