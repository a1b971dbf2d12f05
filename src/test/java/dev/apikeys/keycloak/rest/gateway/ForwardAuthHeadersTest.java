package dev.apikeys.keycloak.rest.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ForwardAuthHeadersTest {

    @Test
    void printableUsernamesPassAsTheyAreOthersArePercentEncoded() {
        assertEquals("alice.smith@example.com", ForwardAuthResource.headerValue("alice.smith@example.com"));
        assertEquals("j%C3%BCrgen", ForwardAuthResource.headerValue("jürgen"));
        assertEquals("eve%0D%0AX-Auth-User-Id: admin", ForwardAuthResource.headerValue("eve\r\nX-Auth-User-Id: admin"));
        assertEquals("100%25", ForwardAuthResource.headerValue("100%"));
    }
}
