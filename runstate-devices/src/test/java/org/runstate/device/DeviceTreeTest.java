package org.runstate.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** QOM path resolution as object_resolve_path(path, NULL) does it, and GPIO interception. */
class DeviceTreeTest {
    private final DeviceTree tree = new DeviceTree();
    private final GpioDevice host = tree.add("/machine/i440fx", GpioDevice.withoutLines("i440FX-pcihost"));
    private final GpioDevice ioapic = tree.add("/machine/i440fx/ioapic", new GpioDevice("ioapic", 24, (n, l) -> { }, 0));

    @Test
    void anAbsolutePathNamesExactlyOneObject() {
        assertThat(tree.resolve("/machine/i440fx/ioapic")).isSameAs(ioapic);
        assertThat(tree.resolve("/machine//i440fx/ioapic/")).as("empty components are skipped").isSameAs(ioapic);
        assertThat(tree.resolve("/ioapic")).isNull();
    }

    @Test
    void aPartialPathResolvesFromAnyObject() {
        assertThat(tree.resolve("ioapic")).isSameAs(ioapic);
        assertThat(tree.resolve("i440fx/ioapic")).isSameAs(ioapic);
        assertThat(tree.resolve("i440fx")).isSameAs(host);
        assertThat(tree.resolve("apic")).isNull();
    }

    @Test
    void aPartialPathWithTwoWaysIsAmbiguous() {
        tree.add("/machine/peripheral-anon/device[0]", GpioDevice.withoutLines("pvpanic-pci"));
        tree.add("/machine/unattached/device[0]", GpioDevice.withoutLines("qemu64-x86_64-cpu"));
        assertThat(tree.resolve("device[0]")).isNull();
        assertThat(tree.resolve("unattached/device[0]")).isNotNull();
    }

    @Test
    void aLinkIsAWayToItsTarget() {
        GpioDevice pm = new GpioDevice("PIIX4_PM", 0, (n, l) -> { }, 1);
        tree.link("/machine/acpi-device", pm);
        assertThat(tree.resolve("acpi-device")).isSameAs(pm);
        assertThat(tree.resolve("/machine/acpi-device")).isSameAs(pm);
    }

    @Test
    void anInterceptedInputReachesItsHandlerThenTheObserver() {
        List<String> seen = new ArrayList<>();
        GpioDevice dev = new GpioDevice("ioapic", 24, (n, l) -> seen.add("handler " + n + "=" + l), 0);
        dev.input(9).set(1);
        dev.interceptInputs((n, l) -> seen.add("observer " + n + "=" + l));
        dev.input(9).set(0);
        assertThat(seen).containsExactly("handler 9=1", "handler 9=0", "observer 9=0");
    }

    @Test
    void anInterceptedOutputStillDrivesItsConnection() {
        List<String> seen = new ArrayList<>();
        GpioDevice dev = new GpioDevice("PIIX4_PM", 0, (n, l) -> { }, 1);
        dev.connectOutput(0, l -> seen.add("gsi9=" + l));
        dev.interceptOutputs((n, l) -> seen.add("observer " + n + "=" + l));
        dev.output(0).set(1);
        assertThat(seen).containsExactly("gsi9=1", "observer 0=1");
    }
}
