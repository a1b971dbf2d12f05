package dev.apikeys.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.error.ApiKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelTextTest {

    @Test
    void labelsRefuseInvisibleFormattingButKeepTheJoinersScriptsNeed() {
        assertInvalid("invoice\u202Efdp.exe");
        assertInvalid("bot\u200B1");
        assertInvalid("bot\uFEFF");
        assertInvalid("\u2067bot");
        assertEquals("\uD83D\uDC69\u200D\uD83D\uDCBB", check("\uD83D\uDC69\u200D\uD83D\uDCBB"));
        assertEquals("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", check("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"));
        assertEquals("\u2764\uFE0F bot", check("\u2764\uFE0F bot"), "a variation selector stays in what is stored");
        assertEquals("invoicefdp.exe", LabelText.display("invoice\u202Efdp.exe"), "stored before the rule, shown without it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u3164", "\u2800", "\u115F", "\u1160", "\uFFA0", "\u2007\u202F", "\u3000",
            "\u3164\u200D", "\u034F", "\uFE0F", " \u2800 \u00A0", "\uD81B\uDFE4", "\uD834\uDD59", "\u0301",
            "\u3164\u0301", "\u20DD", "\u2028", "\u2029", "\u303F"})
    void aLabelWithNoVisibleCharacterIsRefused(String invisible) {
        assertInvalid(invisible);
    }

    @Test
    void unicodeWhiteSpaceIsTrimmedAsTyped() {
        assertEquals("my bot", check("\u00A0my bot\u202F\u2007\u3000"));
        assertEquals("my\u00A0bot", check("my\u00A0bot"), "inside a label it is kept as typed");
        assertEquals("\u00E9t\u00E9", check("e\u0301te\u0301"), "stored NFC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"my bot\u00A0", "my bot\u202F", "my bot\u2007", "my bot\u3164", "my bot\u2800", "MY BOT",
            "my\u00A0bot", "my  bot", "my\u3000bot", "\uFF4D\uFF59 bot", "my b\u00ADot", "my bot\u115F", "my \u200Dbot",
            "my bot\uFE0F", "my\u2800bot", "my\u3164bot", "my\uFFA0bot", "my\u115Fbot", "my\uD81B\uDFE4bot",
            "my \u3164 bot", "my\u303Fbot"})
    void labelsThatLookTheSameAreTheSame(String lookalike) {
        assertTrue(LabelText.same("my bot", lookalike), lookalike.codePoints().mapToObj(Integer::toHexString).toList().toString());
    }

    @Test
    void labelsThatLookDifferentAreDifferent() {
        assertFalse(LabelText.same("my bot", "my bot2"));
        assertFalse(LabelText.same("my bot", "mybot"));
        assertTrue(LabelText.same("mybot", "my\u200Dbot"), "a joiner alone changes nothing one sees");
        assertFalse(LabelText.same("\uD83D\uDC69\u200D\uD83D\uDCBB", "\uD83D\uDC69\uD83D\uDCBB\u2764"));
        assertTrue(LabelText.same("Bot", " bot"));
        assertFalse(LabelText.same("mybot", "my\u2800bot"), "a filler reads as the space it shows");
    }

    @Test
    void privateUseCharactersAreRefusedForNoOneCanTellWhatTheyShow() {
        assertInvalid("bot \uE000");
        assertInvalid("\uDB80\uDC00");
    }

    /**
     * Hang guard, not a speed test: the earlier trim ran a backtracking regular expression, which took some 20 s of
     * CPU on this input; every step is a single pass now, so this cannot come near the bound.
     */
    @Test
    void hostileWhiteSpaceIsRefusedInOnePass() {
        String hostile = "x" + " ".repeat(65_000) + "x";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertInvalid(hostile));
        String justUnderTheCap = "x" + "\u00A0".repeat(1000) + "x";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertInvalid(justUnderTheCap));
    }

    @Test
    void lengthIsCountedInCodePointsAfterTrimming() {
        assertEquals(64, check("\u00A0" + "\uD83D\uDE80".repeat(64) + "\u00A0").codePointCount(0, 128));
        assertInvalid("a".repeat(65));
        assertInvalid("");
    }

    private static String check(String text) {
        return LabelText.check(text, "label", ApiKeyError.LABEL_INVALID);
    }

    private static void assertInvalid(String text) {
        ApiKeyException e = assertThrows(ApiKeyException.class, () -> check(text));
        assertEquals(ApiKeyError.LABEL_INVALID, e.error(), e.description());
    }
}
