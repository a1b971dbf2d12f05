package dev.apikeys.keycloak.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.error.ApiKeyException;
import org.junit.jupiter.api.Test;

class AddressCsvTest {

    private static final String HEADER = "remark,coin,network,address,memo\n";

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        List<List<String>> records = AddressCsv.records("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\r\nx,y,z,w,v");

        assertEquals(List.of(List.of("a", "b,c", "say \"hi\"", "two\nlines", ""), List.of("x", "y", "z", "w", "v")), records);
    }

    @Test
    void skipsBlankLinesAndTheByteOrderMarkAndTurnsInternalRowsIntoTransfers() {
        List<AddressCsv.Row> rows = AddressCsv.parse("\uFEFF" + HEADER + "\n\nmine,btc,internal,uid:42,\n\n");

        assertEquals(1, rows.size());
        assertEquals(1, rows.get(0).number());
        assertEquals("internal-transfer", rows.get(0).entry().kind());
        assertEquals("INTERNAL", rows.get(0).entry().network());
        assertNull(rows.get(0).entry().memo());
    }

    @Test
    void namesEveryWrongRowAndItsField() {
        ApiKeyException refused = assertThrows(ApiKeyException.class, () -> AddressCsv.parse(HEADER
                + "ok,BTC,BTC,bc1qxyz,\n"
                + "no coin,,BTC,bc1qxyz,\n"
                + "too,many,fields,here,and,more\n"
                + "\"unclosed,BTC,BTC,bc1q,\n"));

        assertEquals(ApiKeyError.CSV_INVALID, refused.error());
        assertEquals(3, refused.rows().size());
        assertEquals(new ApiKeyException.RowError(2, "coin", refused.rows().get(0).error()), refused.rows().get(0));
        assertEquals(new ApiKeyException.RowError(3, null, "Number of fields does not match"), refused.rows().get(1));
        assertEquals(4, refused.rows().get(2).row());
    }

    @Test
    void refusesAMissingHeaderAndMoreThanAHundredRows() {
        assertEquals(0, assertThrows(ApiKeyException.class, () -> AddressCsv.parse("BTC,BTC,bc1q,,x\n")).rows().get(0).row());
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 101; i++) {
            csv.append("r,BTC,BTC,bc1q").append(i).append(",\n");
        }
        assertEquals(101, assertThrows(ApiKeyException.class, () -> AddressCsv.parse(csv.toString())).rows().get(0).row());
        assertEquals(100, AddressCsv.parse(csv.substring(0, csv.lastIndexOf("r,BTC"))).size());
    }
}
