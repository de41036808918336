package org.runstate.machine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** QemuOpts as util/qemu-option.c in QEMU 7.2 parses it, with its messages. */
class OptsParserTest {
    private final List<String> warnings = new ArrayList<>();
    private final OptsParser parser = new OptsParser(warnings::add);

    /** The error with which the parser refuses {@code text} for {@code list}. */
    private CliError refusal(final OptsList list, final String text) {
        CliError e = catchThrowableOfType(CliError.class, () -> parser.parse(list, text, true, null));
        assertThat(e).as("refusal of %s", text).isNotNull();
        return e;
    }

    @Test
    void aFirstValueWithoutEqualsIsTheImpliedKey() {
        Opts o = parser.parse(OptsList.CHARDEV, "socket,id=mon,path=/tmp/q.sock", true, "-chardev x");
        assertThat(o.id()).isEqualTo("mon");
        assertThat(o.get("backend")).isEqualTo("socket");
        assertThat(o.get("path")).isEqualTo("/tmp/q.sock");
    }

    @Test
    void aDoubledCommaIsACommaInsideAValue() {
        Opts o = parser.parse(OptsList.CHARDEV, "socket,id=c,path=/tmp/a,,b.sock,server=on", true, null);
        assertThat(o.get("path")).isEqualTo("/tmp/a,b.sock");
        assertThat(o.bool("server", false)).isTrue();
    }

    @Test
    void aBareFlagMeansOnAndNoFlagMeansOffWithQemusDeprecationWarning() {
        Opts o = parser.parse(OptsList.CHARDEV, "socket,id=c,path=/p,server,nowait", true, null);
        assertThat(o.get("server")).isEqualTo("on");
        assertThat(o.get("wait")).isEqualTo("off");
        assertThat(warnings).containsExactly(
                "short-form boolean option 'server' deprecated\nPlease use server=on instead",
                "short-form boolean option 'nowait' deprecated\nPlease use wait=off instead");
    }

    @Test
    void anUnknownParameterIsInvalidAndLocatedAtTheOption() {
        assertThatThrownBy(() -> parser.parse(OptsList.MON, "chardev=c,bogus=1", true, "-mon chardev=c,bogus=1"))
                .isInstanceOfSatisfying(CliError.class, e -> assertThat(e.report())
                        .isEqualTo("-mon chardev=c,bogus=1: Invalid parameter 'bogus'"));
    }

    @Test
    void aBooleanParameterRejectsOtherWords() {
        assertThat(refusal(OptsList.MON, "chardev=c,pretty=maybe")).hasMessage("Parameter 'pretty' expects 'on' or 'off'");
    }

    @Test
    void aSizeParameterExplainsItsSuffixesInAHint() {
        assertThat(refusal(OptsList.MEMORY, "lots"))
                .hasMessage("Parameter 'size' expects a non-negative number below 2^64")
                .extracting(CliError::hint).asString().startsWith("Optional suffix k, M, G, T, P or E means");
    }

    @Test
    void aSecondSetWithTheSameIdIsADuplicate() {
        parser.parse(OptsList.CHARDEV, "null,id=c", true, null);
        assertThat(refusal(OptsList.CHARDEV, "null,id=c")).hasMessage("Duplicate ID 'c' for chardev");
    }

    @Test
    void anIdMustStartWithALetter() {
        assertThat(refusal(OptsList.CHARDEV, "null,id=1c")).hasMessage("Parameter 'id' expects an identifier")
                .extracting(CliError::hint)
                .isEqualTo("Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.\n");
    }

    @Test
    void mergeListsCollectEveryOccurrenceInOneSetAndRefuseAnId() {
        parser.parse(OptsList.NAME, "guest=a", true, null);
        Opts o = parser.parse(OptsList.NAME, "debug-threads=on", true, null);
        assertThat(o.get("guest")).isEqualTo("a");
        assertThat(parser.all(OptsList.NAME)).hasSize(1);
        assertThat(refusal(OptsList.NAME, "id=x")).hasMessage("Invalid parameter 'id'");
    }

    @Test
    void helpInADescribedListPrintsItsParametersSorted() {
        assertThatThrownBy(() -> parser.parse(OptsList.MON, "help", false, null))
                .isInstanceOfSatisfying(OptsParser.HelpRequested.class, h -> assertThat(h.text()).isEqualTo(
                        "mon options:\n  chardev=<str>\n  mode=<str>\n  pretty=<bool (on/off)>\n"));
    }

    @Test
    void anAcceptAnyListTakesEveryParameterAndNoHelp() {
        Opts o = parser.parse(OptsList.DEVICE, "i6300esb,addr=0x2,help", true, null);
        assertThat(o.get("driver")).isEqualTo("i6300esb");
        assertThat(o.get("help")).isEqualTo("on");
        assertThat(OptsParser.hasHelpOption("i6300esb,addr=0x2,help")).isTrue();
    }
}
