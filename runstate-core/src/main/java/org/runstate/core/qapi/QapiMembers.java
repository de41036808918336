package org.runstate.core.qapi;

/** How Java record components map to schema member names. */
public final class QapiMembers {
    private QapiMembers() {
    }

    /**
     * The schema member name of a record component: camel case becomes dashed lower case
     * ({@code pswMask} is {@code psw-mask}, {@code actionRequired} is {@code action-required}).
     *
     * @param componentName the Java record component name
     * @return the member name on the wire
     */
    public static String wireName(final String componentName) {
        StringBuilder out = new StringBuilder(componentName.length() + 4);
        for (int i = 0; i < componentName.length(); i++) {
            char c = componentName.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
