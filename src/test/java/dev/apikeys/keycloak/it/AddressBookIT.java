package dev.apikeys.keycloak.it;

import static dev.apikeys.keycloak.it.SelfServiceApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The withdrawal address book against the real server and a real SMTP server: a person adds addresses with the OTP
 * code, reads the mail, opens the link (which only shows), confirms (POST), and a withdrawal service asks whether a
 * destination is allowed.
 */
@ExtendWith(KeycloakExtension.class)
final class AddressBookIT {

    private static final String BTC = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
    private static final Pattern FORM_KEY = Pattern.compile("name=\"key\" value=\"([^\"]+)\"");
    private static String realm;

    @BeforeAll
    static void importRealm(Admin admin) {
        realm = admin.importRealm("realms/exchange.json");
        admin.put(Admin.realmPath(realm), Map.of("smtpServer", MailServer.get().smtpSettings(), "adminEventsEnabled", true))
                .expect(204);
        admin.bindDirectGrantFlow(realm, "bot-login", "api-key direct grant");
    }

    static Map<String, Object> address(String coin, String network, String address, String memo, String remark) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("coin", coin);
        body.put("network", network);
        body.put("address", address);
        if (memo != null) {
            body.put("memo", memo);
        }
        body.put("remark", remark);
        return body;
    }

    private static HttpResult add(SelfService me, Map<String, Object> address) {
        return me.send("POST", "/addresses", me.otp(), Json.write(address));
    }

    private static HttpResult addCsv(SelfService me, String csv) {
        return me.send("POST", "/addresses", me.otp(), csv, "text/csv");
    }

    private static String email(SelfService me) {
        return me.user().username() + "@example.test";
    }

    /** The link's page as a browser (or a mail scanner) gets it. */
    private static HttpResult open(KeycloakServer server, String link) {
        URI uri = URI.create(link);
        return server.send(HttpRequest.newBuilder(server.uri(uri.getRawPath() + "?" + uri.getRawQuery())).GET().build());
    }

    /** The page's Confirm button. */
    private static HttpResult press(KeycloakServer server, HttpResult page) {
        Matcher key = FORM_KEY.matcher(page.body());
        assertTrue(key.find(), "the page has a Confirm form: " + page.body());
        return server.postForm("/realms/" + realm + "/api-keys/addresses/confirm", Map.of("key", key.group(1)));
    }

    private static JsonNode addresses(SelfService me) {
        return me.get("/addresses").expect(200).json();
    }

    private static JsonNode entry(SelfService me, String id) {
        return me.get("/addresses/" + id).expect(200).json();
    }

    @Test
    void anAddressIsConfirmedFromTheMailOnlyByPressingConfirm(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode added = add(me, address("btc", "btc", BTC, null, "Cold wallet")).expect(201).json();
        assertEquals("pending", added.path("status").asText());
        assertEquals("BTC", added.path("coin").asText());
        assertEquals("withdrawal", added.path("kind").asText());

        MailServer.Mail mail = MailServer.get().await(email(me), 1);
        assertEquals("Confirm your withdrawal addresses", mail.subject());
        assertTrue(mail.text().contains(BTC) && mail.text().contains("BTC") && mail.text().contains("Withdrawal"), mail.text());
        assertTrue(mail.html().contains(BTC), mail.html());

        HttpResult page = open(server, mail.link()).expect(200);
        assertTrue(page.body().contains(BTC) && page.body().contains("Confirm withdrawal addresses"), page.body());
        open(server, mail.link()).expect(200);
        assertEquals("pending", entry(me, added.path("id").asText()).path("status").asText(), "opening the link confirms nothing");

        HttpResult confirmed = press(server, page).expect(200);
        assertTrue(confirmed.body().contains("The addresses are confirmed."), confirmed.body());
        JsonNode after = entry(me, added.path("id").asText());
        assertEquals("confirmed", after.path("status").asText());
        assertTrue(after.path("confirmedAt").asLong() > 0);

        HttpResult reused = press(server, page).expect(400);
        assertTrue(reused.body().contains("has been used already"), reused.body());
        assertTrue(open(server, mail.link()).expect(400).body().contains("has been used already"));
        assertEquals("no-store", confirmed.header("Cache-Control").orElse(""));
    }

    @Test
    void aLinkFromAnotherRealmOrMadeUpOrExpiredConfirmsNothing(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        admin.put("/admin/realms/" + realm + "/api-keys/policy", Map.of("addressBook", Map.of("confirmationLifespanSeconds", 30)))
                .expect(200);
        try {
            add(me, address("ETH", "ERC20", "0x52908400098527886E0F7030069857D2E4169EE7", null, "expiring")).expect(201);
        } finally {
            admin.put("/admin/realms/" + realm + "/api-keys/policy", Map.of("addressBook", Map.of("confirmationLifespanSeconds", 86400)))
                    .expect(200);
        }
        String link = MailServer.get().await(email(me), 1).link();
        assertTrue(open(server, link.replaceAll("key=[^&]+", "key=not-a-token")).expect(400).body()
                .contains("not a valid confirmation link"));
        String tampered = link.substring(0, link.length() - 4) + (link.endsWith("AAAA") ? "BBBB" : "AAAA");
        open(server, tampered).expect(400);

        Pause.of(java.time.Duration.ofSeconds(32));

        assertTrue(open(server, link).expect(400).body().contains("has expired"));
        assertEquals("pending", addresses(me).get(0).path("status").asText());
    }

    @Test
    void resendMailsANewLinkAndChangingTheEmailVoidsPendingLinks(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String id = add(me, address("XRP", "XRP", "rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh", "104926", "Exchange deposit"))
                .expect(201).json().path("id").asText();
        String first = MailServer.get().await(email(me), 1).link();

        me.send("POST", "/addresses/" + id + "/resend", null, null).expect(202);
        MailServer.Mail second = MailServer.get().await(email(me), 2);
        assertTrue(second.text().contains("104926"), "the memo is in the mail");
        assertFalse(second.link().equals(first));
        HttpResult tooSoon = me.send("POST", "/addresses/" + id + "/resend", null, null);
        assertError(tooSoon, 429, "resend_too_soon");
        assertTrue(tooSoon.header("Retry-After").isPresent());

        admin.updateUser(realm, me.userId(), Map.of("email", "moved-" + email(me), "emailVerified", true));
        assertTrue(open(server, second.link()).expect(400).body().contains("no longer has"));
        assertError(me.send("POST", "/addresses/" + id + "/resend", null, null), 409, "email_changed");
        assertEquals("pending", entry(me, id).path("status").asText());
    }

    @Test
    void mailAndPageSpeakTheUsersLanguage(Admin admin, KeycloakServer server) {
        String german = admin.importRealm("realms/exchange.json");
        admin.put(Admin.realmPath(german), Map.of("smtpServer", MailServer.get().smtpSettings(),
                "internationalizationEnabled", true, "supportedLocales", List.of("en", "de"), "defaultLocale", "en")).expect(204);
        TestUser user = admin.createUserWithOtp(german, "deutsch-" + UUID.randomUUID(), Totp.randomSecret());
        String userPath = Admin.realmPath(german) + "/users/" + user.id();
        com.fasterxml.jackson.databind.node.ObjectNode representation =
                (com.fasterxml.jackson.databind.node.ObjectNode) admin.get(userPath).expect(200).json();
        representation.putObject("attributes").putArray("locale").add("de");
        admin.put(userPath, representation).expect(204);
        SelfService me = SelfService.signIn(server, user);

        add(me, address("BTC", "BTC", BTC, null, "Kaltes Wallet")).expect(201);

        MailServer.Mail mail = MailServer.get().await(user.username() + "@example.test", 1);
        assertEquals("Bestätigen Sie Ihre Auszahlungsadressen", mail.subject());
        assertTrue(mail.text().contains("Auszahlung: BTC / BTC"), mail.text());
        HttpResult page = open(server, mail.link()).expect(200);
        assertTrue(page.body().contains("Auszahlungsadressen bestätigen") && page.body().contains("Bestätigen"), page.body());
    }

    @Test
    void withoutEmailConfirmationAnAddressIsConfirmedWhenAdded(Admin admin, KeycloakServer server) {
        String direct = admin.importRealm("realms/exchange.json", Map.of("addressBook", Map.of("emailConfirmation", false)));
        SelfService me = SelfService.signIn(server, admin.createUserWithOtp(direct, "direct-" + UUID.randomUUID(), Totp.randomSecret()));

        JsonNode added = add(me, address("BTC", "BTC", BTC, null, "at once")).expect(201).json();

        assertEquals("confirmed", added.path("status").asText());
        assertTrue(added.path("confirmedAt").asLong() > 0);
        assertTrue(MailServer.get().to(email(me)).isEmpty(), "no mail without e-mail confirmation");
        assertFalse(me.send("PUT", "/addresses/management", me.otp(), "{\"enabled\":true}").expect(200).json()
                .path("emailConfirmation").asBoolean());
        assertFalse(me.send("PUT", "/addresses/management", me.otp(), "{\"enabled\":false}").expect(200).json()
                .path("enabled").asBoolean(), "turned off at once when the realm asks for no e-mail confirmation");
    }

    @Test
    void duplicatesAndTheMaximumAreRefused(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        Map<String, Object> address = address("USDT", "TRC20", "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE", null, "tron");
        add(me, address).expect(201);
        assertError(add(me, address), 409, "address_duplicate");
        add(me, address("USDT", "TRC20", "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE", "1", "same with a memo")).expect(201);
        add(me, address("USDT", "TRC20", "tqn9y2khesljw1chvwfmsmerdow5kcblse", null, "case is kept")).expect(201);

        admin.put("/admin/realms/" + realm + "/api-keys/policy", Map.of("addressBook", Map.of("maxEntries", 3))).expect(200);
        try {
            assertError(add(me, address("BTC", "BTC", BTC, null, "one too many")), 409, "too_many_addresses");
        } finally {
            admin.put("/admin/realms/" + realm + "/api-keys/policy", Map.of("addressBook", Map.of("maxEntries", 200))).expect(200);
        }
        assertEquals(3, addresses(me).size());
    }

    /** An address refused for one field: {@code address_invalid}, the field named in the body and first in the description. */
    private static void assertInvalidField(HttpResult result, String field) {
        assertError(result, 400, "address_invalid");
        assertEquals(field, result.json().path("field").asText(), result.body());
        assertTrue(result.json().path("error_description").asText().startsWith(field + " "), result.body());
    }

    @Test
    void badInputIsRefusedWithTheFieldNamed(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        assertInvalidField(add(me, address("BTC", "BTC", "bc1 with spaces", null, "x")), "address");
        assertInvalidField(add(me, address("B-T-C", "BTC", BTC, null, "x")), "coin");
        assertInvalidField(add(me, address("BTC", "INTERNAL", BTC, null, "x")), "network");
        assertInvalidField(add(me, address("BTC", "BTC", BTC, null, "\u202Eevil")), "remark");
        assertInvalidField(add(me, address("BTC", "BTC", BTC, null, "")), "remark");
        assertInvalidField(add(me, address("BTC", "BTC", BTC, null, "\u3164\u00a0\u2800")), "remark");
        assertInvalidField(add(me, address("BTC", "BTC", BTC, null, "x" + " ".repeat(65_000) + "x")), "remark");
        Map<String, Object> internal = address("*", null, "uid:10442", null, "my sub-account");
        internal.put("kind", "internal-transfer");
        JsonNode added = add(me, internal).expect(201).json();
        assertEquals("INTERNAL", added.path("network").asText());
        assertError(me.send("POST", "/addresses", me.otp(), "<xml/>", "application/xml"), 415, "unsupported_media_type");
        assertEquals(1, addresses(me).size());
    }

    @Test
    void aBatchOfAHundredIsAddedWithOneMailAndAHundredAndOneIsRefused(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        StringBuilder csv = new StringBuilder("remark,coin,network,address,memo\r\n");
        for (int i = 0; i < 100; i++) {
            csv.append("row ").append(i).append(",ETH,ERC20,0x").append(String.format("%040x", i)).append(",\r\n");
        }
        String hundred = csv.toString();
        assertError(addCsv(me, hundred + "row 100,ETH,ERC20,0x" + String.format("%040x", 100) + ",\r\n"), 400, "csv_invalid");
        assertEquals(0, addresses(me).size());

        JsonNode added = addCsv(me, hundred).expect(201).json();

        assertEquals(100, added.size());
        assertEquals(100, addresses(me).size());
        MailServer.Mail mail = MailServer.get().await(email(me), 1);
        assertTrue(mail.text().contains(String.format("%040x", 99)), "one mail lists the whole batch");
        press(server, open(server, mail.link()).expect(200)).expect(200);
        assertTrue(addresses(me).findValuesAsText("status").stream().allMatch("confirmed"::equals));
    }

    @Test
    void aBatchWithOneWrongRowIsRefusedWholeNamingTheRow(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        HttpResult refused = addCsv(me, "remark,coin,network,address,memo\n"
                + "good,BTC,BTC," + BTC + ",\n"
                + "bad network,BTC,,x,\n"
                + "short,BTC,BTC\n"
                + "again,BTC,BTC," + BTC + ",\n");

        assertError(refused, 400, "csv_invalid");
        JsonNode rows = refused.json().path("rows");
        assertEquals(3, rows.size(), rows.toString());
        assertEquals(2, rows.get(0).path("row").asInt());
        assertEquals("network", rows.get(0).path("field").asText());
        assertEquals(3, rows.get(1).path("row").asInt());
        assertEquals("Number of fields does not match", rows.get(1).path("error").asText());
        assertEquals(4, rows.get(2).path("row").asInt());
        assertTrue(rows.get(2).path("error").asText().contains("row 1"), rows.toString());
        assertEquals(0, addresses(me).size(), "nothing was added");
    }

    @Test
    void csvFieldsMayHoldQuotesAndCommasAndTheFileMayStartWithAByteOrderMark(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String csv = "\uFEFFRemark,Coin,Network,Address,Memo\n"
                + "\"Alice, \"\"the\"\" trader\",XLM,XLM,GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN,\"text, memo\"\n";

        JsonNode added = addCsv(me, csv).expect(201).json().get(0);

        assertEquals("Alice, \"the\" trader", added.path("remark").asText());
        assertEquals("text, memo", added.path("memo").asText());
        assertEquals("XLM", added.path("network").asText());
    }

    @Test
    void everyChangeNeedsTheOtpCode(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String body = Json.write(address("BTC", "BTC", BTC, null, "otp"));
        assertError(me.send("POST", "/addresses", null, body), 401, "otp_required");
        assertError(me.send("POST", "/addresses", "000000", body), 401, "otp_invalid");
        assertEquals(0, addresses(me).size());
        String id = add(me, address("BTC", "BTC", BTC, null, "otp")).expect(201).json().path("id").asText();
        assertError(me.send("DELETE", "/addresses/" + id, null, null), 401, "otp_required");
        assertError(me.send("DELETE", "/addresses", null, null), 401, "otp_required");
        assertError(me.send("PUT", "/addresses/management", null, "{\"enabled\":true}"), 401, "otp_required");
        me.send("DELETE", "/addresses/" + id, me.otp(), null).expect(204);
        assertEquals(0, addresses(me).size());
    }

    @Test
    void addressManagementTurnsOnAtOnceAndOffOnlyFromTheMail(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        JsonNode off = me.get("/addresses/management").expect(200).json();
        assertFalse(off.path("enabled").asBoolean());

        JsonNode on = me.send("PUT", "/addresses/management", me.otp(), "{\"enabled\":true}").expect(200).json();
        assertTrue(on.path("enabled").asBoolean());
        assertTrue(on.path("version").asLong() > off.path("version").asLong());

        JsonNode waiting = me.send("PUT", "/addresses/management", me.otp(), "{\"enabled\":false}").expect(202).json();
        assertTrue(waiting.path("enabled").asBoolean(), "still on until the mail's link is followed");
        me.send("PUT", "/addresses/management", me.otp(), "{\"enabled\":false}").expect(202);
        MailServer.Mail mail = MailServer.get().await(email(me), 1);
        MailServer.Mail again = MailServer.get().await(email(me), 2);
        assertEquals("Confirm turning off address management", mail.subject());
        HttpResult page = open(server, again.link()).expect(200);
        assertTrue(me.get("/addresses/management").expect(200).json().path("enabled").asBoolean());
        assertTrue(press(server, page).expect(200).body().contains("Address management is off."));
        assertFalse(me.get("/addresses/management").expect(200).json().path("enabled").asBoolean());

        me.send("PUT", "/addresses/management", me.otp(), "{\"enabled\":true}").expect(200);
        assertTrue(open(server, mail.link()).expect(400).body().contains("earlier state"));
        HttpResult stale = server.postForm("/realms/" + realm + "/api-keys/addresses/confirm",
                Map.of("key", mail.link().substring(mail.link().indexOf("key=") + 4))).expect(400);
        assertTrue(stale.body().contains("earlier state"), stale.body());
        assertTrue(me.get("/addresses/management").expect(200).json().path("enabled").asBoolean(),
                "a link from before the book changed turns nothing off");
        JsonNode refused = admin.events(realm, Map.of("type", "UPDATE_CREDENTIAL_ERROR", "user", me.userId()));
        assertEquals("link_stale", refused.get(0).path("error").asText(), refused.toString());
    }

    @Test
    void aRealmThatBindsEveryoneKeepsManagementOn(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        admin.put("/admin/realms/" + realm + "/api-keys/policy", Map.of("addressBook", Map.of("alwaysBound", true))).expect(200);
        try {
            assertTrue(me.get("/addresses/management").expect(200).json().path("required").asBoolean());
            assertError(me.send("PUT", "/addresses/management", me.otp(), "{\"enabled\":false}"), 409, "address_book_required");
        } finally {
            admin.put("/admin/realms/" + realm + "/api-keys/policy", Map.of("addressBook", Map.of("alwaysBound", false))).expect(200);
        }
    }

    @Test
    void withoutSmtpSettingsOrAVerifiedAddressNothingIsAdded(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        admin.updateUser(realm, me.userId(), Map.of("emailVerified", false));
        assertError(add(me, address("BTC", "BTC", BTC, null, "unverified")), 409, "email_not_verified");

        String bare = admin.importRealm("realms/exchange.json");
        TestUser user = admin.createUserWithOtp(bare, "no-smtp-" + UUID.randomUUID(), Totp.randomSecret());
        SelfService elsewhere = SelfService.signIn(server, user);
        assertError(add(elsewhere, address("BTC", "BTC", BTC, null, "no smtp")), 409, "mail_not_configured");
        assertEquals(0, addresses(elsewhere).size());
        assertEquals(0, addresses(me).size());
    }

    @Test
    void withdrawKeyTokensSayWhetherTheBookBindsWithdrawals(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        admin.grantRealmRole(realm, me.userId(), "withdrawer");
        String secret = me.createKey("withdrawing", List.of("withdraw"), List.of("127.0.0.1")).path("secret").asText();
        String reader = me.createKey("reading", null, null).path("secret").asText();
        KeyExchange exchange = new KeyExchange(server, realm);

        JsonNode before = claim(exchange.exchange(secret, "withdraw"));
        me.send("PUT", "/addresses/management", me.otp(), "{\"enabled\":true}").expect(200);
        JsonNode after = claim(exchange.exchange(secret, "withdraw"));
        JsonNode login = Jwt.claims(server.tokenRequest(realm, Map.of("grant_type", "password", "client_id", "bot-login",
                "client_secret", "bot-login-secret", "api_key", secret, "scope", "withdraw")).expect(200).json()
                .path("access_token").asText()).path("withdraw_address_book");

        assertFalse(before.path("bound").asBoolean());
        assertTrue(after.path("bound").asBoolean());
        assertTrue(after.path("version").asLong() > before.path("version").asLong());
        assertEquals(after, login);
        assertTrue(Jwt.claims(exchange.exchange(reader).expect(200).json().path("access_token").asText())
                .path("withdraw_address_book").isMissingNode(), "only withdraw tokens carry the claim");
    }

    private static JsonNode claim(HttpResult exchanged) {
        return Jwt.claims(exchanged.expect(200).json().path("access_token").asText()).path("withdraw_address_book");
    }

    @Test
    void aWithdrawalServiceLearnsWhetherADestinationIsAllowed(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        SelfService other = SelfService.newOwner(admin, server, realm);
        String confirmedId = add(me, address("BTC", "BTC", BTC, null, "confirmed")).expect(201).json().path("id").asText();
        press(server, open(server, MailServer.get().await(email(me), 1).link()).expect(200)).expect(200);
        add(me, address("LTC", "LTC", "ltc1qg82x2yk5w3lyh0qzvsl6cqdsyrk4ad6s2xz2gm", null, "pending")).expect(201);
        add(other, address("ETH", "ERC20", "0x52908400098527886E0F7030069857D2E4169EE7", null, "other's")).expect(201);
        press(server, open(server, MailServer.get().await(email(other), 1).link()).expect(200)).expect(200);
        String service = withdrawalService(admin, server, true);

        assertFalse(check(server, service, me.userId(), "BTC", "BTC", BTC).expect(200).json().path("bound").asBoolean());
        me.send("PUT", "/addresses/management", me.otp(), "{\"enabled\":true}").expect(200);
        assertTrue(check(server, service, me.userId(), "BTC", "BTC", BTC).expect(200).json().path("bound").asBoolean(),
                "the check answers from the book as it is now, whatever a token issued earlier says");
        assertTrue(check(server, service, me.userId(), "BTC", "BTC", BTC).expect(200).json().path("allowed").asBoolean());
        assertEquals(confirmedId, check(server, service, me.userId(), "BTC", "BTC", BTC).json().path("entryId").asText());
        assertFalse(check(server, service, me.userId(), "LTC", "LTC", "ltc1qg82x2yk5w3lyh0qzvsl6cqdsyrk4ad6s2xz2gm").expect(200)
                .json().path("allowed").asBoolean(), "a pending address is never used");
        assertFalse(check(server, service, me.userId(), "ETH", "ERC20", "0x52908400098527886E0F7030069857D2E4169EE7")
                .expect(200).json().path("allowed").asBoolean(), "another user's address");
        assertFalse(check(server, service, me.userId(), "BTC", "BTC", BTC.toUpperCase()).expect(200).json().path("allowed").asBoolean());
        JsonNode book = server.send(bearer(server, service, "/addresses/confirmed?user=" + me.userId())).expect(200).json();
        assertEquals(1, book.path("entries").size());

        // a parameter sent twice is refused, not read as its first value: a service reading the last would be misled
        String encoded = URLEncoder.encode(BTC, StandardCharsets.UTF_8);
        assertError(server.send(bearer(server, service, "/addresses/check?user=" + me.userId() + "&user=" + other.userId()
                + "&coin=BTC&network=BTC&address=" + encoded)), 400, "invalid_request");
        assertError(server.send(bearer(server, service, "/addresses/check?user=" + me.userId()
                + "&coin=BTC&network=BTC&address=" + encoded + "&address=bc1qother")), 400, "invalid_request");
        assertError(server.send(bearer(server, service, "/addresses/confirmed?user=" + other.userId() + "&user=" + me.userId())),
                400, "invalid_request");

        // an Authorization header that is not one bearer token gets the documented refusal, not Keycloak's bare 401
        for (String authorization : new String[] {"Basic d2l0aGRyYXdhbDpzZWNyZXQ=", "Bearer a b", "Bearer"}) {
            HttpResult refused = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm
                    + "/api-keys/addresses/check?user=" + me.userId())).header("Authorization", authorization).GET().build());
            assertError(refused, 401, "not_authenticated");
            assertEquals("no-store", refused.header("Cache-Control").orElse(""), authorization);
            assertEquals("Bearer", refused.header("WWW-Authenticate").orElse(""), authorization);
        }

        me.send("DELETE", "/addresses/" + confirmedId, me.otp(), null).expect(204);
        assertFalse(check(server, service, me.userId(), "BTC", "BTC", BTC).expect(200).json().path("allowed").asBoolean(),
                "a deleted address");

        assertError(check(server, withdrawalService(admin, server, false), me.userId(), "BTC", "BTC", BTC), 403, "forbidden");
        assertError(check(server, me.token(), me.userId(), "BTC", "BTC", BTC), 403, "forbidden");
        String keyToken = new KeyExchange(server, realm).exchange(me.createKey("bot", null, null).path("secret").asText())
                .expect(200).json().path("access_token").asText();
        assertError(check(server, keyToken, me.userId(), "BTC", "BTC", BTC), 401, "not_authenticated");
    }

    /** A confidential client with a service account, opted in to read address books or not; its access token. */
    private static String withdrawalService(Admin admin, KeycloakServer server, boolean optedIn) {
        String clientId = "withdrawals-" + UUID.randomUUID();
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("publicClient", false);
        client.put("secret", "withdrawal-service-secret");
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.put("attributes", optedIn ? Map.of("api-keys.address-book.reader", "true") : Map.of());
        admin.post(Admin.realmPath(realm) + "/clients", client).expect(201);
        return server.tokenRequest(realm, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", "withdrawal-service-secret")).expect(200).json().path("access_token").asText();
    }

    private static HttpResult check(KeycloakServer server, String token, String user, String coin, String network, String address) {
        return server.send(bearer(server, token, "/addresses/check?user=" + user + "&coin=" + coin + "&network=" + network
                + "&address=" + URLEncoder.encode(address, StandardCharsets.UTF_8)));
    }

    private static HttpRequest bearer(KeycloakServer server, String token, String suffix) {
        return HttpRequest.newBuilder(server.uri("/realms/" + realm + "/api-keys" + suffix))
                .header("Authorization", "Bearer " + token).GET().build();
    }

    @Test
    void keycloaksAccountApiNeitherListsNorDeletesAddresses(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String id = add(me, address("BTC", "BTC", BTC, null, "kept")).expect(201).json().path("id").asText();
        me.send("PUT", "/addresses/management", me.otp(), "{\"enabled\":true}").expect(200);

        HttpResult listed = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm + "/account/credentials"))
                .header("Authorization", "Bearer " + me.token()).header("Accept", "application/json").GET().build());
        HttpResult deleted = server.send(HttpRequest.newBuilder(server.uri("/realms/" + realm + "/account/credentials/" + id))
                .header("Authorization", "Bearer " + me.token()).DELETE().build());

        assertFalse(listed.expect(200).body().contains(id));
        assertFalse(listed.body().contains("api-key-address"));
        assertTrue(deleted.status() >= 400, deleted.toString());
        assertEquals(id, entry(me, id).path("id").asText());
    }

    @Test
    void administratorsSeeAndDeleteAddressesWithAdminEvents(Admin admin, KeycloakServer server) {
        SelfService me = SelfService.newOwner(admin, server, realm);
        String id = add(me, address("BTC", "BTC", BTC, null, "admin sees")).expect(201).json().path("id").asText();
        String base = "/admin/realms/" + realm + "/api-keys/users/" + me.userId() + "/addresses";

        JsonNode book = admin.get(base).expect(200).json();
        assertEquals(id, book.path("entries").get(0).path("id").asText());

        admin.delete(base + "/" + id).expect(204);
        assertEquals(0, addresses(me).size());
        JsonNode events = admin.adminEvents(realm, Map.of("operationTypes", "DELETE",
                "resourcePath", "users/" + me.userId() + "/api-keys/addresses/" + id));
        assertEquals(1, events.size(), events.toString());
    }
}
