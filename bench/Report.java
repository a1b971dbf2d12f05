import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the slice summaries written by bench/wrk.lua into bench/results/latest.json and latest.md.
 *
 * <pre>
 * java -cp 'keycloak/lib/lib/main/*' Report.java SLICES_DIR META_JSON OUT_DIR
 * </pre>
 * SLICES_DIR holds {@code N/<kind>-<round>.json} for measured slices and {@code N/warmup-<kind>.json} for
 * warm-up slices. Throughput is requests over the summed slice durations; p50/p99 come from the merged latency
 * quantiles of all measured slices of a kind (each slice's 200 quantiles weighted by its request count). Errors are non-2xx answers plus socket errors and timeouts,
 * warm-up included (for forward-auth any answer but 200, for introspection any answer but 200 {"active":false}).
 * Targets: a/b and d/b >= 0.90, f/g >= 0.85 and f/b >= 2.0 (3.0 a stretch goal, which {@code --strict} does not
 * enforce) per N; a and f at the largest N >= 0.95 of the smallest; zero errors. Exit status: 0, or 1 when any
 * request failed.
 */
public final class Report {

    private static final String[] KINDS = {"exchange", "client", "password", "login", "floor", "forward", "introspect"};
    private static final Map<String, String> LABELS = Map.of(
            "exchange", "(a) API-key token exchange",
            "client", "(b) client_credentials",
            "password", "(c) password grant",
            "login", "(d) direct grant with API key",
            "floor", "(e) password grant, 1 PBKDF2 iteration",
            "forward", "(f) forward-auth check of an API key",
            "introspect", "(g) introspection of an unknown token (gateway client)");

    public static void main(String[] args) throws Exception {
        Path slices = Path.of(args[0]);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        JsonNode meta = json.readTree(Files.readString(Path.of(args[1])));
        Path out = Path.of(args[2]);
        Files.createDirectories(out);

        TreeMap<Integer, Map<String, Kind>> phases = new TreeMap<>();
        long warmupErrors = 0;
        List<String> firstErrors = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(slices)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                int n = Integer.parseInt(dir.getFileName().toString());
                Map<String, Kind> kinds = new LinkedHashMap<>();
                for (String kind : KINDS) {
                    kinds.put(kind, new Kind());
                }
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.sorted().toList()) {
                        String name = file.getFileName().toString();
                        if (!name.endsWith(".json")) {
                            continue;
                        }
                        JsonNode s = json.readTree(Files.readString(file));
                        long errors = s.get("non2xx").asLong() + s.get("socket_errors").asLong() + s.get("timeouts").asLong();
                        if (errors > 0 && firstErrors.size() < 10) {
                            firstErrors.add("N=" + n + " " + name + ": " + errors + " errors; first: " + s.get("first_error").asText());
                        }
                        if (name.startsWith("warmup-") || name.startsWith("profile-")) {
                            warmupErrors += errors;
                            continue;
                        }
                        kinds.get(s.get("kind").asText()).add(s, errors);
                    }
                }
                phases.put(n, kinds);
            }
        }

        ObjectNode result = json.createObjectNode();
        result.set("meta", meta);
        ObjectNode byN = result.putObject("results");
        long errors = warmupErrors;
        for (Map.Entry<Integer, Map<String, Kind>> phase : phases.entrySet()) {
            ObjectNode p = byN.putObject(String.valueOf(phase.getKey()));
            for (Map.Entry<String, Kind> k : phase.getValue().entrySet()) {
                Kind kind = k.getValue();
                errors += kind.errors;
                ObjectNode node = p.putObject(k.getKey());
                node.put("requests", kind.requests);
                node.put("seconds", round(kind.durationUs / 1e6, 1));
                node.put("throughput_rps", round(kind.throughput(), 1));
                node.put("p50_ms", round(kind.percentile(50) / 1000.0, 1));
                node.put("p99_ms", round(kind.percentile(99) / 1000.0, 1));
                node.put("errors", kind.errors);
                ArrayNode rounds = node.putArray("round_throughputs_rps");
                kind.roundRps.forEach(r -> rounds.add(round(r, 1)));
            }
        }
        result.put("warmup_errors", warmupErrors);
        result.put("errors_total", errors);

        int small = phases.firstKey();
        int large = phases.lastKey();
        ObjectNode ratios = result.putObject("ratios");
        ArrayNode targets = result.putArray("targets");
        for (int n : phases.keySet()) {
            Map<String, Kind> k = phases.get(n);
            double ab = k.get("exchange").throughput() / k.get("client").throughput();
            double db = k.get("login").throughput() / k.get("client").throughput();
            double ac = k.get("exchange").throughput() / k.get("password").throughput();
            double de = k.get("login").throughput() / k.get("floor").throughput();
            double fb = k.get("forward").throughput() / k.get("client").throughput();
            double fg = k.get("forward").throughput() / k.get("introspect").throughput();
            ObjectNode r = ratios.putObject(String.valueOf(n));
            r.put("a/b", round(ab, 3));
            r.put("d/b", round(db, 3));
            r.put("a/c", round(ac, 2));
            r.put("d/e", round(de, 3));
            r.put("f/b", round(fb, 3));
            r.put("f/g", round(fg, 3));
            target(targets, "a/b >= 0.90 (N=" + n + ")", ab, 0.90);
            target(targets, "d/b >= 0.90 (N=" + n + ")", db, 0.90);
            target(targets, "f/g >= 0.85 (N=" + n + ")", fg, 0.85);
            target(targets, "f/b >= 2.0 (N=" + n + ")", fb, 2.0);
            target(targets, "f/b >= 3.0, stretch (N=" + n + ")", fb, 3.0).put("stretch", true);
        }
        if (large != small) {
            double scale = phases.get(large).get("exchange").throughput() / phases.get(small).get("exchange").throughput();
            ratios.put("a(" + large + ")/a(" + small + ")", round(scale, 3));
            target(targets, "a(" + large + ")/a(" + small + ") >= 0.95", scale, 0.95);
            double forwardScale = phases.get(large).get("forward").throughput() / phases.get(small).get("forward").throughput();
            ratios.put("f(" + large + ")/f(" + small + ")", round(forwardScale, 3));
            target(targets, "f(" + large + ")/f(" + small + ") >= 0.95", forwardScale, 0.95);
        }
        ObjectNode zero = targets.addObject();
        zero.put("target", "zero errors");
        zero.put("value", errors);
        zero.put("met", errors == 0);
        ArrayNode errorList = result.putArray("first_errors");
        firstErrors.forEach(errorList::add);

        Files.writeString(out.resolve("latest.json"), json.writeValueAsString(result) + "\n");
        String md = markdown(meta, phases, result);
        Files.writeString(out.resolve("latest.md"), md);
        System.out.print(md);
        System.exit(errors == 0 ? 0 : 1);
    }

    private static ObjectNode target(ArrayNode targets, String name, double value, double threshold) {
        ObjectNode t = targets.addObject();
        t.put("target", name);
        t.put("value", round(value, 3));
        t.put("met", value >= threshold);
        return t;
    }

    private static String markdown(JsonNode meta, TreeMap<Integer, Map<String, Kind>> phases, ObjectNode result) {
        StringBuilder md = new StringBuilder();
        md.append("# API-key benchmark: ").append(meta.path("date").asText()).append("\n\n");
        md.append("| N keys | kind | req/s | p50 ms | p99 ms | errors | req/s per round |\n");
        md.append("|---:|---|---:|---:|---:|---:|---|\n");
        for (Map.Entry<Integer, Map<String, Kind>> phase : phases.entrySet()) {
            for (String kind : KINDS) {
                JsonNode r = result.get("results").get(String.valueOf(phase.getKey())).get(kind);
                md.append(String.format(Locale.ROOT, "| %,d | %s | %.1f | %.1f | %.1f | %d | %s |%n", phase.getKey(), LABELS.get(kind),
                        r.get("throughput_rps").asDouble(), r.get("p50_ms").asDouble(), r.get("p99_ms").asDouble(),
                        r.get("errors").asLong(), r.get("round_throughputs_rps").toString().replace(",", ", ")));
            }
        }
        md.append("\n| target | measured | met |\n|---|---:|---|\n");
        for (JsonNode t : result.get("targets")) {
            md.append("| ").append(t.get("target").asText()).append(" | ").append(t.get("value").asText())
                    .append(" | ").append(t.get("met").asBoolean() ? "yes" : t.path("stretch").asBoolean() ? "no (stretch goal)" : "**NO**")
                    .append(" |\n");
        }
        md.append("\nRatios: ").append(result.get("ratios").toString()).append("\n");
        md.append("\nWarm-up errors (not in the table): ").append(result.get("warmup_errors").asLong()).append("\n");
        for (JsonNode e : result.get("first_errors")) {
            md.append("- ").append(e.asText()).append("\n");
        }
        md.append("\nConditions: ");
        meta.properties().forEach(f -> md.append(f.getKey()).append("=").append(f.getValue().isTextual()
                ? f.getValue().asText() : f.getValue().toString()).append("; "));
        md.append("\n");
        return md.toString();
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    /** All measured slices of one kind at one N. */
    private static final class Kind {
        long requests;
        long durationUs;
        long errors;
        final List<Double> roundRps = new ArrayList<>();
        /** latency (us) to the number of requests it stands for: each slice's quantiles, weighted by its requests */
        final TreeMap<Long, Double> histogram = new TreeMap<>();

        void add(JsonNode slice, long sliceErrors) {
            long r = slice.get("requests").asLong();
            long d = slice.get("duration_us").asLong();
            requests += r;
            durationUs += d;
            errors += sliceErrors;
            roundRps.add(r / (d / 1e6));
            JsonNode quantiles = slice.get("quantiles");
            for (JsonNode q : quantiles) {
                histogram.merge(q.asLong(), (double) r / quantiles.size(), Double::sum);
            }
        }

        double throughput() {
            return durationUs == 0 ? 0 : requests / (durationUs / 1e6);
        }

        long percentile(double p) {
            double total = histogram.values().stream().mapToDouble(Double::doubleValue).sum();
            double rank = total * p / 100.0;
            double seen = 0;
            for (Map.Entry<Long, Double> bucket : histogram.entrySet()) {
                seen += bucket.getValue();
                if (seen >= rank) {
                    return bucket.getKey();
                }
            }
            return 0;
        }
    }
}
