package dev.apikeys.keycloak.policy;

import static dev.apikeys.keycloak.policy.ApiKeyPolicyTest.assertInvalid;
import static dev.apikeys.keycloak.policy.ApiKeyPolicyTest.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address-book rules, as an administrator sets them in the policy's {@code addressBook} object. */
class AddressBookPolicyTest {

    @Test
    void defaultsConfirmByMailForADayAndLeaveTheSwitchToUsers() {
        assertEquals(new AddressBookPolicy(200, true, 24 * 3600, false), ApiKeyPolicy.DEFAULT.addressBook());
        assertEquals(100, AddressBookPolicy.MAX_BATCH_ROWS);
    }

    @Test
    void aPartialChangeKeepsTheOtherRulesAndTheRestOfThePolicy() {
        ApiKeyPolicy policy = put("""
                {"addressBook": {"maxEntries": 5, "alwaysBound": true}}""");

        assertEquals(new AddressBookPolicy(5, true, 24 * 3600, true), policy.addressBook());
        assertEquals(ApiKeyPolicy.DEFAULT.gateway(), policy.gateway());
        assertEquals(ApiKeyPolicy.DEFAULT.maxKeysPerUser(), policy.maxKeysPerUser());
        assertEquals(policy, put("""
                {"addressBook": {"maxEntries": 5, "alwaysBound": true, "emailConfirmation": null}, "gateway": null}"""));
    }

    @Test
    void theBoundsAreInclusive() {
        assertEquals(1, put("""
                {"addressBook": {"maxEntries": 1}}""").addressBook().maxEntries());
        assertEquals(10_000, put("""
                {"addressBook": {"maxEntries": 10000}}""").addressBook().maxEntries());
        assertEquals(30, put("""
                {"addressBook": {"confirmationLifespanSeconds": 30}}""").addressBook().confirmationLifespanSeconds());
        assertEquals(7 * 24 * 3600, put("""
                {"addressBook": {"confirmationLifespanSeconds": 604800, "emailConfirmation": false}}""")
                .addressBook().confirmationLifespanSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"addressBook\": {\"maxEntries\": 0}}",
        "{\"addressBook\": {\"maxEntries\": 10001}}",
        "{\"addressBook\": {\"confirmationLifespanSeconds\": 29}}",
        "{\"addressBook\": {\"confirmationLifespanSeconds\": 604801}}"
    })
    void rulesOutOfBoundsAreRefused(String body) {
        assertInvalid(body);
    }
}
