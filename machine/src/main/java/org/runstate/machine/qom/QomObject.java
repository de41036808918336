package org.runstate.machine.qom;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An object of the QOM tree: its canonical path, its type and its properties in QEMU's listing
 * order. A {@code child<T>} property holds a child object, a {@code link<T>} one may point to
 * another; reading either gives the target's path ({@code ""} for an unset link).
 */
final class QomObject {
    /**
     * A property.
     *
     * @param name the name
     * @param type the QOM type ({@code bool}, {@code child<container>})
     * @param value reads the value (a String, Boolean, Long or List, as QAPI encodes it)
     * @param target the object a child or set link property points to, or null
     */
    record Prop(String name, String type, Supplier<Object> value, QomObject target) {
        boolean isChild() {
            return type.startsWith("child<");
        }
    }

    private final String path;
    private final String type;
    private final List<Prop> props = new ArrayList<>();

    QomObject(final String path, final String type) {
        this.path = path;
        this.type = type;
        props.add(new Prop("type", "string", () -> type, null));
    }

    String path() {
        return path;
    }

    String type() {
        return type;
    }

    List<Prop> props() {
        return props;
    }

    /** Adds a property with a value. */
    QomObject prop(final String name, final String propType, final Supplier<Object> value) {
        props.add(new Prop(name, propType, value, null));
        return this;
    }

    /** Adds a child object named {@code name}: its path is this path plus the name. */
    QomObject child(final String name, final String childType) {
        QomObject c = new QomObject(path.equals("/") ? "/" + name : path + "/" + name, childType);
        props.add(new Prop(name, "child<" + childType + ">", c::path, c));
        return c;
    }

    /** Adds a link property; {@code target} null reads as {@code ""}. */
    QomObject link(final String name, final String linkType, final QomObject target) {
        props.add(new Prop(name, "link<" + linkType + ">", () -> target == null ? "" : target.path(), target));
        return this;
    }

    /**
     * {@code object_resolve_path_component}: a child or set link by name.
     *
     * @param name the component
     * @return the object it names
     */
    Optional<QomObject> component(final String name) {
        return props.stream().filter(p -> p.name().equals(name) && p.target() != null).map(Prop::target).findFirst();
    }

    /** @return the objects this one holds as children */
    List<QomObject> children() {
        return props.stream().filter(Prop::isChild).map(Prop::target).toList();
    }

    /**
     * A property by name.
     *
     * @param name the property
     * @return it, if the object has it
     */
    Optional<Prop> find(final String name) {
        return props.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
