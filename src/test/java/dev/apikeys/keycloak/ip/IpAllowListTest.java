package dev.apikeys.keycloak.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAllowListTest {

    @ParameterizedTest
    @CsvSource({
            "203.0.113.7, 203.0.113.7",
            "203.0.113.7/32, 203.0.113.7",
            "203.0.113.7/24, 203.0.113.0/24",
            " 10.0.0.0/8 , 10.0.0.0/8",
            "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
            "2001:db8::1/128, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:abcd:12::9/48, 2001:db8:abcd::/48",
            "::ffff:192.0.2.1, 192.0.2.1",
            "fe80::1:2:3:4, fe80::1:2:3:4"
    })
    void entriesAreStoredInCanonicalForm(String entry, String canonical) {
        assertEquals(List.of(canonical), IpAllowList.parse(List.of(entry)).entries());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "localhost", "example.com", "256.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4/33",
            "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/08", "2001:db8::1/129", "2001:db8:::1", "fe80::1%eth0", "1.2.3.4/4",
            "0.0.0.0/0", "::/0", "2001:db8::/16", "1.2.3.4 5.6.7.8", "1.2.3.4,5.6.7.8"})
    void invalidOrTooWideEntriesAreRefused(String entry) {
        assertThrows(IllegalArgumentException.class, () -> IpAllowList.parse(List.of(entry)));
    }

    @Test
    void duplicatesCollapseKeepingFirstOrder() {
        IpAllowList list = IpAllowList.parse(List.of("198.51.100.1", "2001:db8::1", "198.51.100.1/32", "2001:DB8::0:1"));
        assertEquals(List.of("198.51.100.1", "2001:db8::1"), list.entries());
    }

    @Test
    void ipv4RangesMatchTheirAddressesOnly() {
        IpAllowList list = IpAllowList.parse(List.of("192.0.2.0/24", "198.51.100.7"));
        assertTrue(list.allows(ClientAddress.of("192.0.2.0")));
        assertTrue(list.allows(ClientAddress.of("192.0.2.255")));
        assertTrue(list.allows(ClientAddress.of("198.51.100.7")));
        assertFalse(list.allows(ClientAddress.of("192.0.3.0")));
        assertFalse(list.allows(ClientAddress.of("198.51.100.8")));
        assertTrue(list.allows(ClientAddress.of("::ffff:192.0.2.9")));
    }

    @Test
    void ipv6RangesMatchByPrefix() {
        IpAllowList list = IpAllowList.parse(List.of("2001:db8:1::/48", "2001:db8:ffff::42"));
        assertTrue(list.allows(ClientAddress.of("2001:db8:1:ffff:ffff:ffff:ffff:ffff")));
        assertTrue(list.allows(ClientAddress.of("2001:db8:ffff:0:0:0:0:42")));
        assertFalse(list.allows(ClientAddress.of("2001:db8:2::1")));
        assertFalse(list.allows(ClientAddress.of("2001:db8:ffff::43")));
    }

    @Test
    void addressFamiliesNeverCrossMatch() {
        assertFalse(IpAllowList.parse(List.of("10.0.0.0/8")).allows(ClientAddress.of("::a00:1")));
        assertFalse(IpAllowList.parse(List.of("::a00:0/104")).allows(ClientAddress.of("10.0.0.1")));
    }

    @Test
    void clientAddressesThatAreNotLiteralsNeverMatch() {
        IpAllowList list = IpAllowList.parse(List.of("127.0.0.0/8"));
        assertFalse(list.allows(ClientAddress.of("localhost")));
        assertFalse(list.allows(ClientAddress.of(null)));
        assertFalse(list.allows(ClientAddress.of("")));
        assertFalse(list.allows(ClientAddress.of("127.0.0.1.evil.example")));
    }

    @Test
    void emptyListIsNotIpBound() {
        assertTrue(IpAllowList.parse(List.of()).isEmpty());
        assertTrue(IpAllowList.parse(null).isEmpty());
        assertFalse(IpAllowList.parse(List.of()).allows(ClientAddress.of("127.0.0.1")));
    }

    @Test
    void aCallersAddressIsAccountedToItselfOrItsIpv6Slash64AndNonLiteralsToNoSource() {
        assertEquals("198.51.100.7", ClientAddress.of("198.51.100.7").source());
        assertEquals("2001:db8:1:2::/64", ClientAddress.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd").source());
        assertEquals(ClientAddress.of("2001:db8:1:2::1").source(), ClientAddress.of("2001:db8:1:2:ffff::9").source());
        for (String notLiteral : new String[] {null, "", "localhost", "127.0.0.1.evil.example"}) {
            ClientAddress address = ClientAddress.of(notLiteral);
            assertFalse(address.isLiteral(), notLiteral);
            assertEquals(IpRange.UNKNOWN_SOURCE, address.source(), notLiteral);
            assertEquals(notLiteral, address.text());
        }
    }
}
