package dev.apikeys.keycloak.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.apikeys.keycloak.credential.ApiKeySecret;

/**
 * What the whole run must never see, on any server or node it started: an answer with a 5xx status (browser traffic
 * included, as the servers count every answer in their own HTTP metrics), and, in any server log, an error or a
 * stack trace of the extension, or a secret, a wrong secret, a stored hash, the pepper or an OTP code the run used.
 * Servers report their counts when they stop ({@link Watched#stopping}); {@link RunGuardIT} asks the rest after the
 * last test class and scans every log. Problems never quote the value that was found.
 */
public final class RunGuard {

    enum Kind {
        SECRET("a key secret"), HASH("a stored secret hash"), PEPPER("the pepper"), PROBE_SECRET("the lock probe's secret"),
        OTP_CODE("an OTP code");

        private final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private static final Pattern SECRET = Pattern.compile(Pattern.quote(ApiKeySecret.PREFIX) + "[0-9A-Za-z]+");
    private static final Pattern ANSWER_COUNT = Pattern.compile(
            "^http_server_requests_seconds_count\\{(?<labels>.*)}\\s+(?<count>[0-9.Ee+-]+)$", Pattern.MULTILINE);
    private static final Pattern STATUS = Pattern.compile("status=\"(\\d{3})\"");
    /** An OTP code stands alone: not part of a longer number, word, version or identifier. */
    private static final Pattern STANDALONE_SIX_DIGITS = Pattern.compile("(?<![0-9A-Za-z_.-])[0-9]{6}(?![0-9A-Za-z_.-])");
    private static final Pattern EXTENSION_ERROR = Pattern.compile("\\bERROR\\s+\\[dev\\.apikeys\\.");
    private static final Pattern EXTENSION_FRAME = Pattern.compile("^\\s+at dev\\.apikeys\\.");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Map<Kind, Set<String>> USED = new ConcurrentHashMap<>();
    private static final Set<Watched> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Set<Path> LOGS = ConcurrentHashMap.newKeySet();
    private static final Queue<String> PROBLEMS = new ConcurrentLinkedQueue<>();
    private static final AtomicLong ANSWERS = new AtomicLong();

    static {
        record(Kind.PEPPER, HarnessSettings.PEPPER);
        record(Kind.PROBE_SECRET, HarnessSettings.PROBE_SECRET);
    }

    private RunGuard() {
    }

    static void record(Kind kind, String value) {
        if (value != null && !value.isEmpty()) {
            USED.computeIfAbsent(kind, any -> ConcurrentHashMap.newKeySet()).add(value);
        }
    }

    /** Records every key secret in {@code text}: what a request presented or an answer showed. */
    public static void recordSecretsIn(String text) {
        if (text != null && text.contains(ApiKeySecret.PREFIX)) {
            Matcher matcher = SECRET.matcher(text);
            while (matcher.find()) {
                record(Kind.SECRET, matcher.group());
            }
        }
    }

    /** A server from its start: {@code metrics} is its management interface's metrics address. */
    static Watched watch(String name, Path log, URI metrics) {
        Watched watched = new Watched(name, log, metrics);
        RUNNING.add(watched);
        LOGS.add(log);
        return watched;
    }

    /** Every problem of the run so far; asks the servers still running for their answers first. */
    static List<String> problems() {
        List.copyOf(RUNNING).forEach(Watched::stopping);
        TestDatabase.recordHashesOfOpenDatabases();
        List<String> problems = new ArrayList<>(PROBLEMS);
        for (Path log : LOGS) {
            try {
                problems.addAll(scan(log.toString(), Files.readString(log, StandardCharsets.UTF_8), USED));
            } catch (IOException e) {
                problems.add(log + " could not be read: " + e);
            }
        }
        return problems;
    }

    static long answersCounted() {
        return ANSWERS.get();
    }

    static Set<Path> logs() {
        return Set.copyOf(LOGS);
    }

    static int used(Kind kind) {
        return USED.getOrDefault(kind, Set.of()).size();
    }

    /** The 5xx answers in a metrics page, as "status method uri: count"; and the number of all answers. */
    static List<String> serverErrors(String metrics, AtomicLong answers) {
        List<String> errors = new ArrayList<>();
        Matcher line = ANSWER_COUNT.matcher(metrics);
        while (line.find()) {
            long count = (long) Double.parseDouble(line.group("count"));
            answers.addAndGet(count);
            Matcher status = STATUS.matcher(line.group("labels"));
            if (count > 0 && status.find() && status.group(1).startsWith("5")) {
                errors.add(count + " x " + line.group("labels"));
            }
        }
        return errors;
    }

    /** What {@code log} must not hold; each problem names the line and what it found, never the value. */
    static List<String> scan(String name, String log, Map<Kind, Set<String>> used) {
        Map<String, Kind> needles = new HashMap<>();
        for (Kind kind : List.of(Kind.SECRET, Kind.HASH, Kind.PEPPER, Kind.PROBE_SECRET)) {
            for (String value : used.getOrDefault(kind, Set.of())) {
                needles.put(kind == Kind.SECRET ? value.substring(ApiKeySecret.PREFIX.length()) : value, kind);
            }
        }
        Set<Integer> lengths = new HashSet<>();
        needles.keySet().forEach(needle -> lengths.add(needle.length()));
        Set<String> codes = new HashSet<>(used.getOrDefault(Kind.OTP_CODE, Set.of()));
        List<String> problems = new ArrayList<>();
        String[] lines = log.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = name + " line " + (i + 1);
            if (EXTENSION_ERROR.matcher(line).find()) {
                problems.add(where + ": an ERROR of the extension: " + abbreviate(line));
            }
            if (EXTENSION_FRAME.matcher(line).find()) {
                problems.add(where + ": a stack trace through the extension: " + abbreviate(line));
            }
            if (line.contains(ApiKeySecret.PREFIX)) {
                problems.add(where + ": something in the format of a key secret");
            }
            for (int length : lengths) {
                for (int start = 0; start + length <= line.length(); start++) {
                    Kind found = needles.get(line.substring(start, start + length));
                    if (found != null) {
                        problems.add(where + ": " + found.description);
                    }
                }
            }
            Matcher number = STANDALONE_SIX_DIGITS.matcher(line);
            while (number.find()) {
                if (codes.contains(number.group())) {
                    problems.add(where + ": " + Kind.OTP_CODE.description);
                }
            }
        }
        return problems;
    }

    private static String abbreviate(String line) {
        String clean = SECRET.matcher(line).replaceAll(ApiKeySecret.PREFIX + "…");
        return clean.length() > 240 ? clean.substring(0, 240) + "…" : clean;
    }

    /** One running server: reports its answers once, when it stops or when the run ends. */
    static final class Watched {

        private final String name;
        private final Path log;
        private final URI metrics;

        private Watched(String name, Path log, URI metrics) {
            this.name = name;
            this.log = log;
            this.metrics = metrics;
        }

        void stopping() {
            if (!RUNNING.remove(this)) {
                return;
            }
            try {
                HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() != 200) {
                    PROBLEMS.add(name + ": its metrics answered " + page.statusCode() + ", so its answers are not known");
                    return;
                }
                serverErrors(page.body(), ANSWERS).forEach(error -> PROBLEMS.add(name + " (log " + log + ") answered " + error));
            } catch (IOException e) {
                PROBLEMS.add(name + ": its metrics could not be read before it stopped (" + e + "); see " + log);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                PROBLEMS.add(name + ": interrupted while reading its metrics");
            }
        }
    }
}
