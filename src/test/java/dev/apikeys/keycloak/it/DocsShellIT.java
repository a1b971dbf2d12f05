package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every {@code sh} block of the README and of {@code docs/}, as written, in one bash shell, against the shipped
 * {@code realm-export.json} and a mail catcher like the demo's: what a new user copies from the pages works. Only the
 * documented variables change (the demo's fixed ports become this run's free ones); the test then checks what the
 * blocks printed, as a reader of the pages would.
 */
@ExtendWith(KeycloakExtension.class)
final class DocsShellIT {

    private static final Path README = Path.of("README.md");
    private static final Pattern FENCE = Pattern.compile("^```(.*)$");
    private static final Pattern DOCS_LINK = Pattern.compile("\\]\\((docs/[a-z0-9-]+\\.md)[#)]");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
    /** Blocks that cannot run in a test, by page and first line: the demo's own start, and a command-line fragment. */
    private static final Set<String> NOT_RUN = Set.of(
            "README.md: mvn -Pdemo package",
            "docs/gateways.md: kc.sh start ... --metrics-enabled=true --event-metrics-user-enabled=true --event-metrics-user-tags=realm,clientId");
    /** The variables the pages define, with the value they document. */
    private static final Map<String, String> DOCUMENTED = Map.of(
            "KC", "http://localhost:8080/realms/demo",
            "MAIL", "http://127.0.0.1:8025",
            "UPSTREAM_PORT", "9001",
            "GATEWAY_PORT", "8000");
    /** Addresses of the demo that a block may name only through the variables above. */
    private static final List<String> DEMO_ADDRESSES = List.of("localhost:8080", "127.0.0.1:8080", ":8025", ":3025");

    private static Process mailCatcher;
    private static Run run;

    record Block(String page, int line, String info, String text) {

        String firstLine() {
            return text.lines().findFirst().orElse("");
        }

        String name() {
            return page + ":" + line + " (" + firstLine() + ")";
        }
    }

    record Run(List<Block> blocks, List<String> outputs, Path dir) {

        /** What the one runnable block that contains {@code snippet} printed. */
        String output(String snippet) {
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                if (blocks.get(i).text().contains(snippet)) {
                    found.add(i);
                }
            }
            assertEquals(1, found.size(), "blocks that contain " + snippet + ": " + found);
            return outputs.get(found.get(0));
        }

        /** What the one runnable block that is exactly {@code text} printed. */
        String block(String text) {
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                if (blocks.get(i).text().equals(text)) {
                    found.add(i);
                }
            }
            assertEquals(1, found.size(), "blocks that are " + text + ": " + found);
            return outputs.get(found.get(0));
        }
    }

    @BeforeAll
    static void runEveryBlock(Admin admin, KeycloakServer server) throws Exception {
        int[] ports = DistributionServer.freePorts(4);
        mailCatcher = startMailCatcher(ports[0], ports[1]);
        ObjectNode realm = (ObjectNode) Json.parse(Files.readString(Path.of("realm-export.json")));
        ((ObjectNode) realm.path("smtpServer")).put("port", Integer.toString(ports[0]));
        admin.importRealmFile(realm);

        List<Block> all = new ArrayList<>();
        for (Path page : pages()) {
            all.addAll(blocks(page));
        }
        Set<String> skipped = all.stream().filter(block -> !block.info().equals("sh"))
                .map(block -> block.page() + ": " + block.firstLine()).collect(Collectors.toSet());
        assertEquals(NOT_RUN, skipped, "the blocks marked sh no-run");
        List<Block> runnable = all.stream().filter(block -> block.info().equals("sh")).toList();
        Map<String, String> values = Map.of(
                "KC", server.baseUrl() + "/realms/demo",
                "MAIL", "http://127.0.0.1:" + ports[1],
                "UPSTREAM_PORT", Integer.toString(ports[2]),
                "GATEWAY_PORT", Integer.toString(ports[3]));
        run = runInOneShell(runnable.stream().map(block -> withTestValues(block, values)).toList(), runnable);
    }

    @AfterAll
    static void stopMailCatcher() {
        if (mailCatcher != null) {
            mailCatcher.destroy();
        }
    }

    @Test
    void theWalkThroughsKeyWorksUntilItIsDeleted(Admin admin, KeycloakServer server) throws Exception {
        JsonNode policy = Json.parse(run.output("api-keys/policy -H \"Authorization: Bearer $TOKEN\""));
        assertTrue(policy.path("otpConfigured").asBoolean(), policy.toString());
        assertEquals(List.of("read", "trade", "withdraw"), SelfServiceApiIT.strings(policy.path("scopes")));

        JsonNode key = Json.parse(run.output("\"label\":\"my bot\""));
        String id = key.path("id").asText();
        String secret = key.path("secret").asText();
        assertTrue(secret.startsWith("kcak_"), key.toString());
        JsonNode listed = Json.parse(run.output("curl -s $KC/api-keys -H \"Authorization: Bearer $TOKEN\" | jq\n").trim());
        assertEquals(1, listed.size(), listed.toString());
        assertFalse(listed.toString().contains(secret), "the list never shows the secret");

        String exchanged = run.output("-d subject_token_type=urn:apikeys:token-type:api-key -d subject_token=$SECRET | jq");
        JWTClaimsSet claims = TokenExchangeIT.verify(server, Json.parse(exchanged).path("access_token").asText());
        assertEquals(id, claims.getStringClaim("api_key_id"));
        assertEquals(List.of("read", "trade"), TokenExchangeIT.permissionScopes(claims));
        assertEquals(List.of("trader"), TokenExchangeIT.appRoles(claims), "trade maps the trader role, withdraw is not granted");

        String loggedIn = run.output("-u bot-login:bot-login-secret-local-only");
        assertEquals(id, TokenExchangeIT.verify(server, Json.parse(loggedIn).path("access_token").asText())
                .getStringClaim("api_key_id"));

        JsonNode renewed = Json.parse(run.output("$KC/api-keys/$ID/renew"));
        assertTrue(renewed.path("expiresAt").asLong() >= key.path("expiresAt").asLong(), renewed.toString());
        assertEquals("127.0.0.1", renewed.path("lastUsedIp").asText(), "the exchange shows as the key's last use");

        String gateway = run.output("-H \"X-Client-Address: 127.0.0.1\" | grep -i '^x-auth-'");
        assertTrue(gateway.lines().anyMatch(line -> line.equalsIgnoreCase("X-Auth-User-Id: " + admin.userId("demo", "demo"))),
                "the demo's gateway client passes the key with its owner: " + gateway);
        JsonNode introspected = Json.parse(gateway.substring(gateway.indexOf('{')));
        assertTrue(introspected.path("active").asBoolean(), introspected.toString());
        assertEquals(id, introspected.path("api_key_id").asText());

        assertEquals("204", run.block("curl -s -X DELETE $KC/api-keys/$ID -H \"Authorization: Bearer $TOKEN\" -H \"X-OTP: $(otp)\" -w '%{http_code}\\n'\n").trim());
        List<String> afterDelete = run.output("subject_token=$SECRET -w ' %{http_code}\\n'").lines().toList();
        assertEquals(2, afterDelete.size(), afterDelete.toString());
        assertTrue(afterDelete.get(0).endsWith(" 400"), afterDelete.get(0));
        JsonNode refusal = Json.parse(afterDelete.get(0).substring(0, afterDelete.get(0).length() - 4));
        assertEquals("invalid_grant", refusal.path("error").asText(), refusal.toString());
        assertFalse(refusal.path("error_description").asText().isBlank(), refusal.toString());
        assertEquals("401", afterDelete.get(1), "a deleted key no longer passes the gateway");
    }

    @Test
    void theUserWithoutOtpIsToldToSetItUp() {
        List<String> lines = run.output("-d username=newbie").lines().toList();
        assertEquals("false", lines.get(0), "otpConfigured of newbie");
        assertTrue(lines.get(1).endsWith(" 403"), lines.get(1));
        assertEquals("otp_not_configured", Json.parse(lines.get(1).substring(0, lines.get(1).length() - 4)).path("error").asText());
    }

    @Test
    void theWithdrawalServiceAllowsOnlyTheConfirmedAddressOnceTheBookIsBound() {
        assertTrue(run.output("lastmail | grep -o").contains("The addresses are confirmed."));
        assertEquals(List.of("{\"allowed\":true,\"bound\":true}", "{\"allowed\":false,\"bound\":true}"),
                run.output("jq -c '{allowed, bound}'").lines().toList());
        assertEquals("204", run.output("-X DELETE $KC/api-keys/addresses ").trim(), "the walk-through empties the book");
    }

    @Test
    void nginxPassesTheKeyUntilItIsDeleted(Admin admin) {
        String through = run.output("/balance -H \"X-API-Key: $SECRET\" | grep -i '^x-auth-'");
        assertTrue(through.lines().anyMatch(line -> line.equalsIgnoreCase("X-Auth-User-Id: " + admin.userId("demo", "demo"))),
                through);
        assertTrue(through.contains("HTTP/1.1 401"), "no key, no passage: " + through);
        List<String> deleted = run.output("sed -n '1p;$p'").lines().toList();
        assertEquals(List.of("204", "HTTP/1.1 401 Unauthorized", "{\"error\":\"api_key_invalid\"}"),
                deleted.stream().map(String::strip).toList());
    }

    @Test
    void theAdminApiOptsAClientIn(Admin admin) {
        assertEquals("204", run.output("jq '.attributes[\"api-keys.exchange.enabled\"] = \"true\"'").trim());
    }

    /** The README, then every page of docs/ in the order the README first links it; each page must be linked. */
    private static List<Path> pages() throws IOException {
        Set<String> linked = new LinkedHashSet<>();
        Matcher link = DOCS_LINK.matcher(Files.readString(README));
        while (link.find()) {
            linked.add(link.group(1));
        }
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            Set<String> present = docs.map(path -> "docs/" + path.getFileName()).filter(name -> name.endsWith(".md"))
                    .collect(Collectors.toSet());
            assertEquals(present, Set.copyOf(linked), "every page of docs/ is linked from the README, and exists");
        }
        List<Path> pages = new ArrayList<>(List.of(README));
        linked.forEach(name -> pages.add(Path.of(name)));
        return pages;
    }

    /** The fenced blocks of a page; a fence with text after it does not close its block in Markdown, so it fails. */
    static List<Block> blocks(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String info = open.group(1).strip();
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                if (lines.get(i).startsWith("```")) {
                    fail(page + ":" + (i + 1) + " has text after a fence, which does not close the block: " + lines.get(i));
                }
                text.append(lines.get(i)).append('\n');
            }
            if (i == lines.size()) {
                fail(page + ":" + (start + 1) + " opens a block that never closes");
            }
            String language = info.split("\\s+")[0];
            if (Set.of("bash", "shell", "console", "zsh", "shell-session").contains(language)) {
                fail(page + ":" + (start + 1) + " is a shell block marked " + language + ": mark it sh (or sh no-run)");
            }
            if (language.equals("sh")) {
                if (!info.equals("sh") && !info.equals("sh no-run")) {
                    fail(page + ":" + (start + 1) + " has an unknown info string: " + info);
                }
                blocks.add(new Block(page.toString(), start + 1, info, text.toString()));
            }
        }
        return blocks;
    }

    /** The block with each documented variable set to this run's value; anything else stays as written. */
    private static String withTestValues(Block block, Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        for (String line : block.text().split("\n", -1)) {
            Matcher assignment = Pattern.compile("^([A-Z_]+)=(\\S+)(\\s+#.*)?$").matcher(line);
            if (assignment.matches() && DOCUMENTED.containsKey(assignment.group(1))) {
                assertEquals(DOCUMENTED.get(assignment.group(1)), assignment.group(2), block.name());
                line = assignment.group(1) + "=" + values.get(assignment.group(1));
            } else {
                for (String address : DEMO_ADDRESSES) {
                    assertFalse(line.contains(address), block.name() + " names the demo's " + address
                            + " instead of a documented variable: " + line);
                }
            }
            text.append(line).append('\n');
        }
        return text.toString();
    }

    private static Run runInOneShell(List<String> texts, List<Block> blocks) throws Exception {
        Path dir = Path.of(System.getProperty("it.work.dir")).resolve("docs-shell");
        if (Files.exists(dir)) {
            TestFiles.deleteRecursively(dir);
        }
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("examples"), Path.of("examples").toAbsolutePath());
        for (String name : DOCUMENTED.keySet()) {
            assertTrue(texts.stream().anyMatch(text -> text.contains(name + "=")), "no block sets " + name);
        }
        String marker = "@@block-" + UUID.randomUUID() + "@@";
        StringBuilder script = new StringBuilder("set -e\n");
        for (int i = 0; i < texts.size(); i++) {
            script.append("echo '").append(marker).append(' ').append(i).append("'\n").append(texts.get(i));
        }
        script.append("echo '").append(marker).append(" end'\n");
        Files.writeString(dir.resolve("docs.sh"), script);

        Path nginx = DebianPackage.executable("nginx", List.of("nginx"), List.of("/usr/sbin", "/usr/local/sbin"));
        ProcessBuilder builder = new ProcessBuilder("bash", "docs.sh").directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().put("PATH", nginx.getParent() + ":" + System.getenv("PATH"));
        Process shell = builder.start();
        shell.getOutputStream().close();
        boolean ended = shell.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        shell.descendants().forEach(ProcessHandle::destroy);
        shell.destroy();

        String stdout = Files.readString(dir.resolve("stdout.txt"));
        RunGuard.recordSecretsIn(stdout);
        Map<Integer, String> outputs = new LinkedHashMap<>();
        String[] parts = stdout.split(Pattern.quote(marker) + " ", -1);
        for (int i = 1; i < parts.length; i++) {
            int newline = parts[i].indexOf('\n');
            String index = parts[i].substring(0, newline);
            if (!index.equals("end")) {
                outputs.put(Integer.parseInt(index), parts[i].substring(newline + 1));
            }
        }
        boolean finished = stdout.contains(marker + " end");
        if (!ended || !finished) {
            int failed = outputs.size() - 1;
            fail((ended ? "bash exited with " + shell.exitValue() : "the blocks did not finish within " + RUN_TIMEOUT)
                    + " in block " + (failed < 0 ? "none" : blocks.get(failed).name()) + "\n--- its output:\n"
                    + (failed < 0 ? "" : outputs.get(failed)) + "\n--- stderr:\n" + TestFiles.tail(dir.resolve("stderr.txt"), 40));
        }
        return new Run(blocks, List.copyOf(outputs.values()), dir);
    }

    private static Process startMailCatcher(int smtpPort, int apiPort) throws IOException {
        Path jar = Path.of(System.getProperty("mail.catcher.jar"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtpPort,
                "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + apiPort, "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of(System.getProperty("it.work.dir")).resolve("mail-catcher.log").toFile())
                .start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the mail catcher exited with " + process.exitValue());
            }
            if (listening(apiPort) && listening(smtpPort)) {
                return process;
            }
            Pause.of(Duration.ofMillis(200));
        }
        process.destroy();
        throw new IllegalStateException("the mail catcher did not listen on " + smtpPort + " and " + apiPort);
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
