package dev.apikeys.keycloak.policy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The values a numeric policy field may take, both ends included; {@link ApiKeyPolicy#validate()} checks them. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface Range {

    long min();

    long max();
}
