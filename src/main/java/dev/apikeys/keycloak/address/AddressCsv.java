package dev.apikeys.keycloak.address;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.error.ApiKeyException;
import dev.apikeys.keycloak.error.ApiKeyException.RowError;
import dev.apikeys.keycloak.policy.AddressBookPolicy;

/**
 * A batch of addresses as CSV (RFC 4180: commas, double quotes around fields that hold commas, quotes or line
 * breaks, a quote doubled inside them; CRLF or LF; an optional UTF-8 byte order mark). The first row is the header
 * {@value #HEADER}; blank lines are skipped. A row whose network is {@code INTERNAL} is an internal transfer, every
 * other row a withdrawal address. Every row is checked, and the batch is refused whole, naming each wrong row.
 */
public final class AddressCsv {

    public static final String HEADER = "remark,coin,network,address,memo";
    public static final String MEDIA_TYPE = "text/csv";
    static final String FIELD_COUNT_MISMATCH = "Number of fields does not match";
    private static final int FIELDS = 5;

    private AddressCsv() {
    }

    /** The rows after the header, each checked. Row numbers count from 1, the first row after the header. */
    public static List<Row> parse(String text) {
        List<List<String>> records = records(text.startsWith("\uFEFF") ? text.substring(1) : text);
        if (records.isEmpty() || !header(records.get(0))) {
            throw refused("the first row must be the header " + HEADER, List.of(new RowError(0, null, "header must be " + HEADER)));
        }
        List<List<String>> rows = records.subList(1, records.size());
        if (rows.isEmpty()) {
            throw refused("the file has no rows after the header", List.of(new RowError(1, null, "no rows")));
        }
        if (rows.size() > AddressBookPolicy.MAX_BATCH_ROWS) {
            throw refused("a batch holds at most " + AddressBookPolicy.MAX_BATCH_ROWS + " rows",
                    List.of(new RowError(AddressBookPolicy.MAX_BATCH_ROWS + 1, null,
                            "at most " + AddressBookPolicy.MAX_BATCH_ROWS + " rows")));
        }
        List<Row> parsed = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<String> fields = rows.get(i);
            int number = i + 1;
            if (fields == null) {
                errors.add(new RowError(number, null, "a quoted field is not closed"));
                continue;
            }
            if (fields.size() != FIELDS) {
                errors.add(new RowError(number, null, FIELD_COUNT_MISMATCH));
                continue;
            }
            String network = fields.get(2);
            boolean internal = network != null && AddressKind.INTERNAL_NETWORK.equalsIgnoreCase(network.strip());
            AddressRequest request = new AddressRequest(
                    (internal ? AddressKind.INTERNAL_TRANSFER : AddressKind.WITHDRAWAL).code(),
                    fields.get(1), network, fields.get(3), fields.get(4), fields.get(0));
            try {
                AddressData entry = AddressRules.check(request);
                parsed.stream().filter(earlier -> earlier.entry().sameAddress(entry)).findFirst().ifPresentOrElse(
                        earlier -> errors.add(new RowError(number, "address", "the same address is in row " + earlier.number())),
                        () -> parsed.add(new Row(number, entry)));
            } catch (ApiKeyException e) {
                errors.add(new RowError(number, e.field(), e.description()));
            }
        }
        if (!errors.isEmpty()) {
            throw refused(errors.size() + " of " + rows.size() + " rows are wrong; nothing was added", errors);
        }
        return parsed;
    }

    static ApiKeyException refused(String description, List<RowError> rows) {
        return ApiKeyException.ofRows(ApiKeyError.CSV_INVALID, description, rows);
    }

    private static boolean header(List<String> fields) {
        return fields != null && String.join(",", fields.stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList())
                .equals(HEADER);
    }

    /** Records of the text; a record is null when it ends inside a quoted field. Blank lines are left out. */
    static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
                endRecord(records, fields);
                fields = new ArrayList<>();
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            records.add(null);
            return records;
        }
        if (field.length() > 0 || !fields.isEmpty() || wasQuoted) {
            fields.add(field.toString());
            endRecord(records, fields);
        }
        return records;
    }

    private static void endRecord(List<List<String>> records, List<String> fields) {
        boolean blank = fields.size() == 1 && fields.get(0).isBlank();
        if (!blank) {
            records.add(fields);
        }
    }

    /** A checked row and its number. */
    public record Row(int number, AddressData entry) {
    }
}
