package org.runstate.machine.qom;

import java.util.List;

/**
 * A QOM type runstate-vm has, with QEMU's name and parent.
 *
 * @param name the type name
 * @param parent the parent type, or null for {@code object} and {@code interface}
 * @param isAbstract whether it is abstract (no object of it exists)
 * @param interfaces the interfaces it implements itself (not through its parent)
 * @param properties what {@code qom-list-properties} lists for it, in QEMU's order: the class
 *     properties of an abstract type, those of a fresh object of a concrete one; only properties
 *     runstate-vm has
 * @param isInterface whether it is an interface (not an object type)
 */
public record QomType(String name, String parent, boolean isAbstract, List<String> interfaces,
        List<VmView.Property> properties, boolean isInterface) {
    /**
     * Copies the lists.
     *
     * @param name the type name
     * @param parent the parent type, or null
     * @param isAbstract whether it is abstract
     * @param interfaces the interfaces it implements itself
     * @param properties its properties, in QEMU's order
     * @param isInterface whether it is an interface
     */
    public QomType {
        interfaces = List.copyOf(interfaces);
        properties = List.copyOf(properties);
    }
}
