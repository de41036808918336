package org.runstate.core.qapi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The name of the QAPI definition a Java type implements, as written in the schema. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface QapiName {
    /**
     * The schema name.
     *
     * @return for example {@code "RunState"}, {@code "SHUTDOWN"} or {@code "query-status"}
     */
    String value();
}
