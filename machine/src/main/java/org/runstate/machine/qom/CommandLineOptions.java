package org.runstate.machine.qom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.runstate.qmp.schema.QapiSchema;
import org.runstate.machine.cli.OptType;
import org.runstate.machine.cli.OptsList;
import org.runstate.qmp.QmpError;
import org.runstate.qmp.QmpServer;

/**
 * {@code query-command-line-options}: the QemuOpts lists runstate-vm's command line has, with the
 * parameters it parses, in QEMU's order (the {@code machine} entry first, then the lists newest
 * registered first, parameters last described first). The {@code machine} entry lists the
 * {@code -machine} properties runstate-vm accepts, with QEMU's help texts where its static list has
 * one.
 */
final class CommandLineOptions {
    /** runstate-vm's lists in the order QEMU 7.2 answers them. */
    private static final List<OptsList> LISTS = List.of(OptsList.SANDBOX, OptsList.ACTION, OptsList.NAME,
            OptsList.MSG, OptsList.OVERCOMMIT, new OptsList("object", "qom-type", false, Map.of(), Map.of()),
            OptsList.BOOT, OptsList.SMP, OptsList.MEMORY, OptsList.ACCEL, OptsList.MON, OptsList.RTC,
            OptsList.DEVICE, OptsList.CHARDEV);
    /** QEMU's help texts of its static {@code machine} list. */
    private static final Map<String, String> MACHINE_HELP = Map.of("type", "emulated machine", "accel",
            "accelerator list", "dump-guest-core", "Include guest memory in  a core dump", "mem-merge",
            "enable/disable memory merge support", "usb", "Set on/off to enable/disable usb", "suppress-vmdesc",
            "Set on to disable self-describing migration");

    private final VmView vm;
    private final QomTypes types;

    CommandLineOptions(final VmView vm, final QomTypes types) {
        this.vm = vm;
        this.types = types;
    }

    void register(final QmpServer server, final QapiSchema schema) {
        server.register(schema, "query-command-line-options", args -> query((String) args.get("option")));
    }

    private ArrayNode query(final String option) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        List<OptsList> lists = new ArrayList<>();
        lists.add(machine());
        lists.addAll(LISTS);
        for (OptsList l : lists) {
            if (option == null || option.equals(l.name())) {
                ObjectNode info = out.addObject().put("option", l.name());
                ArrayNode params = info.putArray("parameters");
                List<String> names = new ArrayList<>(l.params().keySet());
                Collections.reverse(names);
                for (String n : names) {
                    ObjectNode p = params.addObject().put("name", n).put("type", typeName(l.params().get(n)));
                    if (l.help().containsKey(n)) {
                        p.put("help", l.help().get(n));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw QmpError.generic("invalid option name: " + option);
        }
        return out;
    }

    /** The {@code -machine} parameters runstate-vm accepts, as a QemuOpts list. */
    private OptsList machine() {
        Map<String, OptType> params = new LinkedHashMap<>();
        params.put("type", OptType.STRING);
        params.put("accel", OptType.STRING);
        for (QomType t : types.all()) {
            if (types.isA(t.name(), "machine")) {
                for (VmView.Property p : t.properties()) {
                    if (vm.machineProperties().contains(p.name())) {
                        params.putIfAbsent(p.name(), p.type().equals("bool") ? OptType.BOOL : OptType.STRING);
                    }
                }
            }
        }
        Map<String, String> help = new LinkedHashMap<>(MACHINE_HELP);
        help.keySet().retainAll(params.keySet());
        return new OptsList("machine", "type", true, params, help);
    }

    private static String typeName(final OptType t) {
        return switch (t) {
            case STRING -> "string";
            case BOOL -> "boolean";
            case NUMBER -> "number";
            case SIZE -> "size";
        };
    }
}
