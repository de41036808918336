package org.runstate.machine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** keyval as util/keyval.c in QEMU 7.2 parses {@code -machine} and {@code -smp}. */
class KeyvalTest {
    private final Map<String, String> dict = new LinkedHashMap<>();

    @Test
    void theFirstValueIsTheImpliedKeyAndLaterOptionsMergeIn() {
        Keyval.parseInto(dict, "pc-i440fx-7.2,usb=off", "type");
        Keyval.parseInto(dict, "dump-guest-core=off,usb=on", "type");
        assertThat(dict).containsExactly(Map.entry("type", "pc-i440fx-7.2"), Map.entry("dump-guest-core", "off"),
                Map.entry("usb", "on"));
    }

    @Test
    void aFlagWithoutValueIsRefused() {
        assertThatThrownBy(() -> Keyval.parseInto(dict, "pc,foo", "type"))
                .hasMessage("Expected '=' after parameter 'foo'");
    }

    @Test
    void aKeyThatIsNoNameIsInvalid() {
        assertThatThrownBy(() -> Keyval.parseInto(dict, "1x=2", null)).hasMessage("Invalid parameter '1x'");
    }

    @Test
    void helpAnywhereAsksForHelp() {
        assertThat(Keyval.parseInto(dict, "help", "type")).isTrue();
        assertThat(Keyval.parseInto(dict, "pc,help", "type")).isTrue();
        assertThat(dict).containsEntry("type", "pc");
    }

    @Test
    void aDoubledCommaIsACommaInAValue() {
        Keyval.parseInto(dict, "memory-backend=a,,b", null);
        assertThat(dict).containsEntry("memory-backend", "a,b");
    }
}
