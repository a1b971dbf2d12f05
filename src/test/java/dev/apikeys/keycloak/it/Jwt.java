package dev.apikeys.keycloak.it;

import java.text.ParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;

/** A signed token's claims as JSON, read with nimbus; TokenExchangeIT.verify checks signatures where a test needs it. */
public final class Jwt {

    private Jwt() {
    }

    public static JsonNode claims(String token) {
        try {
            return Json.parse(SignedJWT.parse(token).getPayload().toString());
        } catch (ParseException e) {
            throw new AssertionError("Not a signed JWT: " + token, e);
        }
    }
}
