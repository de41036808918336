package org.runstate.qmp.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project's machine-readable copy of QEMU 7.2's {@code qapi/run-state.json}: names, member
 * types and "Since" versions, in schema order. It is the single source for QMP introspection, the
 * argument visitor and the generated reference; a test proves the Java types match it.
 *
 * @param definitions every definition in schema order
 */
public record QapiSchema(List<Definition> definitions) {
    /** Classpath location of the schema copy. */
    public static final String RESOURCE = "run-state-schema.json";

    /** Classpath location of the device events' schema copy (qapi/misc.json's RTC_CHANGE). */
    public static final String DEVICE_EVENTS_RESOURCE = "device-events-schema.json";

    private static final QapiSchema RUN_STATE = load(QapiSchema.class, RESOURCE);
    private static final QapiSchema DEVICE_EVENTS = load(QapiSchema.class, DEVICE_EVENTS_RESOURCE);

    /**
     * Copies the list.
     *
     * @param definitions every definition in schema order
     */
    public QapiSchema {
        definitions = List.copyOf(definitions);
    }

    /**
     * The run-state schema, parsed once.
     *
     * @return the schema
     */
    public static QapiSchema runState() {
        return RUN_STATE;
    }

    /**
     * The events of devices the core models, outside run-state.json: {@code RTC_CHANGE}
     * (qapi/misc.json), parsed once.
     *
     * @return the schema
     */
    public static QapiSchema deviceEvents() {
        return DEVICE_EVENTS;
    }

    /**
     * Finds a definition by name.
     *
     * @param name the schema name
     * @return the definition, if the schema has one of that name
     */
    public Optional<Definition> find(final String name) {
        return definitions.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * This schema followed by {@code other}'s definitions.
     *
     * @param other more definitions
     * @return the union, in order
     */
    public QapiSchema plus(final QapiSchema other) {
        List<Definition> all = new ArrayList<>(definitions);
        all.addAll(other.definitions);
        return new QapiSchema(all);
    }

    /**
     * The definitions of one kind, in schema order.
     *
     * @param kind the definition class, for example {@code CommandDefinition.class}
     * @param <D> the definition type
     * @return the matching definitions
     */
    public <D extends Definition> List<D> all(final Class<D> kind) {
        return definitions.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /**
     * Loads a schema file in this project's format (the format of {@link #RESOURCE}): an object
     * whose {@code definitions} array lists {@code enum}, {@code struct}, {@code union},
     * {@code command} and {@code event} entries by {@code meta-type}; any definition or member may
     * carry a {@code features} array of names, an enum a {@code value-features} object (value to
     * feature names), a command {@code boxed} (the type of its whole argument object).
     *
     * @param anchor the class the resource name is relative to
     * @param resource the resource name
     * @return the schema
     */
    public static QapiSchema load(final Class<?> anchor, final String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            JsonNode root;
            try (JsonParser p = new JsonFactory().createParser(in)) {
                root = readTree(p, p.nextToken());
            }
            List<Definition> defs = new ArrayList<>();
            for (JsonNode d : root.get("definitions")) {
                defs.add(parse(d));
            }
            return new QapiSchema(defs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Builds a tree with the streaming parser: an {@code ObjectMapper} would do the same but costs a
     * few hundred milliseconds of class loading at every start of the launcher.
     */
    private static JsonNode readTree(final JsonParser p, final JsonToken t) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, readTree(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                    a.add(readTree(p, v));
                }
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return f.numberNode(p.getLongValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return f.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> throw new IOException("unexpected " + t + " in the schema resource");
        }
    }

    private static Definition parse(final JsonNode d) {
        String name = d.get("name").asText();
        String since = d.path("since").isNull() ? null : d.path("since").asText(null);
        List<String> features = features(d);
        return switch (d.get("meta-type").asText()) {
            case "enum" -> new EnumDefinition(name, since, texts(d.get("values")), features, valueFeatures(d));
            case "struct" -> new StructDefinition(name, since, members(d.get("members")), features);
            case "event" -> new EventDefinition(name, since, members(d.get("members")), features);
            case "command" -> new CommandDefinition(name, since, members(d.get("members")),
                    d.path("returns").asText(null), d.path("allow-preconfig").asBoolean(false), features,
                    d.path("boxed").asText(null));
            case "union" -> {
                List<Variant> variants = new ArrayList<>();
                for (JsonNode v : d.get("variants")) {
                    variants.add(new Variant(v.get("case").asText(), v.get("type").asText()));
                }
                yield new UnionDefinition(name, since, members(d.get("base")),
                        d.get("discriminator").asText(), variants, features);
            }
            default -> throw new IllegalStateException("unknown meta-type in " + d);
        };
    }

    private static List<String> texts(final JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The optional {@code features} list of a definition or member; absent means none. */
    private static List<String> features(final JsonNode node) {
        JsonNode f = node.get("features");
        return f == null ? List.of() : texts(f);
    }

    /** The optional {@code value-features} object of an enum: value name to its feature names. */
    private static Map<String, List<String>> valueFeatures(final JsonNode d) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        JsonNode f = d.get("value-features");
        if (f != null) {
            f.fields().forEachRemaining(e -> out.put(e.getKey(), texts(e.getValue())));
        }
        return out;
    }

    private static List<Member> members(final JsonNode array) {
        List<Member> out = new ArrayList<>();
        array.forEach(m -> out.add(new Member(m.get("name").asText(), m.get("type").asText(),
                m.get("optional").asBoolean(), features(m))));
        return out;
    }

    /** One schema definition. */
    public sealed interface Definition
            permits EnumDefinition, StructDefinition, UnionDefinition, CommandDefinition, EventDefinition {
        /**
         * The schema name.
         *
         * @return the name
         */
        String name();

        /**
         * The QEMU version that introduced it, from its doc comment.
         *
         * @return the version, or {@code null} where the schema states none
         */
        String since();

        /**
         * The definition's QAPI features ({@code deprecated}, {@code unstable} or a named one),
         * listed by {@code query-qmp-schema}.
         *
         * @return the feature names in schema order, empty for none
         */
        List<String> features();
    }

    /**
     * A member of a struct, event, union base or command's arguments.
     *
     * @param name the member name without the {@code *}
     * @param type the schema type name ({@code bool}, {@code uint64}, {@code RunState}, ...)
     * @param optional whether the schema marks it {@code *}
     * @param features the member's QAPI features, empty for none
     */
    public record Member(String name, String type, boolean optional, List<String> features) {
        /**
         * Copies the feature list.
         *
         * @param name the member name without the {@code *}
         * @param type the schema type name
         * @param optional whether the schema marks it {@code *}
         * @param features the member's QAPI features, empty for none
         */
        public Member {
            features = List.copyOf(features);
        }

        /**
         * A member without features.
         *
         * @param name the member name without the {@code *}
         * @param type the schema type name
         * @param optional whether the schema marks it {@code *}
         */
        public Member(final String name, final String type, final boolean optional) {
            this(name, type, optional, List.of());
        }
    }

    /**
     * One branch of a union.
     *
     * @param caseName the discriminator value
     * @param type the struct with the branch's members
     */
    public record Variant(String caseName, String type) {
    }

    /**
     * An enum.
     *
     * @param name the schema name
     * @param since the introducing version, or {@code null}
     * @param values the values in schema order
     * @param features the enum's QAPI features, empty for none
     * @param valueFeatures the features of single values ({@code x-colo: unstable}), by value; values
     *     without features are absent
     */
    public record EnumDefinition(String name, String since, List<String> values, List<String> features,
            Map<String, List<String>> valueFeatures) implements Definition {
        /**
         * Copies the lists.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param values the values in schema order
         * @param features the enum's QAPI features, empty for none
         * @param valueFeatures the features of single values, by value
         */
        public EnumDefinition {
            values = List.copyOf(values);
            features = List.copyOf(features);
            valueFeatures = Map.copyOf(valueFeatures);
        }

        /**
         * An enum whose values have no features.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param values the values in schema order
         * @param features the enum's QAPI features, empty for none
         */
        public EnumDefinition(final String name, final String since, final List<String> values,
                final List<String> features) {
            this(name, since, values, features, Map.of());
        }

        /**
         * An enum without features.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param values the values in schema order
         */
        public EnumDefinition(final String name, final String since, final List<String> values) {
            this(name, since, values, List.of(), Map.of());
        }

        /**
         * The features of one value.
         *
         * @param value an enum value
         * @return its features, empty for none
         */
        public List<String> featuresOf(final String value) {
            return valueFeatures.getOrDefault(value, List.of());
        }
    }

    /**
     * A struct.
     *
     * @param name the schema name
     * @param since the introducing version, or {@code null}
     * @param members the members in schema order
     * @param features the struct's QAPI features, empty for none
     */
    public record StructDefinition(String name, String since, List<Member> members, List<String> features)
            implements Definition {
        /**
         * Copies the lists.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param members the members in schema order
         * @param features the struct's QAPI features, empty for none
         */
        public StructDefinition {
            members = List.copyOf(members);
            features = List.copyOf(features);
        }

        /**
         * A struct without features.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param members the members in schema order
         */
        public StructDefinition(final String name, final String since, final List<Member> members) {
            this(name, since, members, List.of());
        }
    }

    /**
     * A flat union.
     *
     * @param name the schema name
     * @param since the introducing version, or {@code null}
     * @param base the common members
     * @param discriminator the base member that selects the variant
     * @param variants the branches
     * @param features the union's QAPI features, empty for none
     */
    public record UnionDefinition(String name, String since, List<Member> base, String discriminator,
            List<Variant> variants, List<String> features) implements Definition {
        /**
         * Copies the lists.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param base the common members
         * @param discriminator the base member that selects the variant
         * @param variants the branches
         * @param features the union's QAPI features, empty for none
         */
        public UnionDefinition {
            base = List.copyOf(base);
            variants = List.copyOf(variants);
            features = List.copyOf(features);
        }

        /**
         * A union without features.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param base the common members
         * @param discriminator the base member that selects the variant
         * @param variants the branches
         */
        public UnionDefinition(final String name, final String since, final List<Member> base,
                final String discriminator, final List<Variant> variants) {
            this(name, since, base, discriminator, variants, List.of());
        }
    }

    /**
     * A command.
     *
     * @param name the schema name
     * @param since the introducing version, or {@code null}
     * @param members the arguments in schema order (empty for none, and for a boxed command)
     * @param returns the return type, or {@code null} for {@code {}}
     * @param allowPreconfig whether it may run before machine initialisation
     * @param features the command's QAPI features, empty for none
     * @param boxed for a command declared {@code 'boxed': true}, the struct or union type that is its
     *     whole argument object ({@code object-add}: {@code ObjectOptions}); otherwise {@code null}
     */
    public record CommandDefinition(String name, String since, List<Member> members, String returns,
            boolean allowPreconfig, List<String> features, String boxed) implements Definition {
        /**
         * Copies the lists.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param members the arguments in schema order (empty for none)
         * @param returns the return type, or {@code null} for {@code {}}
         * @param allowPreconfig whether it may run before machine initialisation
         * @param features the command's QAPI features, empty for none
         * @param boxed the boxed argument type, or {@code null}
         */
        public CommandDefinition {
            members = List.copyOf(members);
            features = List.copyOf(features);
        }

        /**
         * A command whose arguments are its members.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param members the arguments in schema order (empty for none)
         * @param returns the return type, or {@code null} for {@code {}}
         * @param allowPreconfig whether it may run before machine initialisation
         * @param features the command's QAPI features, empty for none
         */
        public CommandDefinition(final String name, final String since, final List<Member> members,
                final String returns, final boolean allowPreconfig, final List<String> features) {
            this(name, since, members, returns, allowPreconfig, features, null);
        }

        /**
         * A command without features.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param members the arguments in schema order (empty for none)
         * @param returns the return type, or {@code null} for {@code {}}
         * @param allowPreconfig whether it may run before machine initialisation
         */
        public CommandDefinition(final String name, final String since, final List<Member> members,
                final String returns, final boolean allowPreconfig) {
            this(name, since, members, returns, allowPreconfig, List.of(), null);
        }
    }

    /**
     * An event.
     *
     * @param name the schema name
     * @param since the introducing version, or {@code null}
     * @param members the {@code data} members (empty for none)
     * @param features the event's QAPI features, empty for none
     */
    public record EventDefinition(String name, String since, List<Member> members, List<String> features)
            implements Definition {
        /**
         * Copies the lists.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param members the {@code data} members (empty for none)
         * @param features the event's QAPI features, empty for none
         */
        public EventDefinition {
            members = List.copyOf(members);
            features = List.copyOf(features);
        }

        /**
         * An event without features.
         *
         * @param name the schema name
         * @param since the introducing version, or {@code null}
         * @param members the {@code data} members (empty for none)
         */
        public EventDefinition(final String name, final String since, final List<Member> members) {
            this(name, since, members, List.of());
        }
    }
}
