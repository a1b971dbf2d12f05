package dev.apikeys.keycloak.policy;

import java.util.regex.Pattern;

import dev.apikeys.keycloak.error.ApiKeyError;

/**
 * Matches an administrator's label pattern against user input with a bounded amount of work. Java's regex engine
 * backtracks, and a pattern such as {@code ^(\w+\s?)*$} takes exponential time on a crafted 64-character label;
 * a linear-time engine would lose the lookaheads that rules like "upper, lower and digit" need. So the input is
 * handed to the engine through a character sequence that counts its reads and gives up after {@value #MAX_READS}:
 * the engine reads the input on every step, so the count bounds the steps.
 */
final class BoundedMatch {

    static final int MAX_READS = 200_000;

    private BoundedMatch() {
    }

    /** @throws dev.apikeys.keycloak.error.ApiKeyException label_invalid when the pattern needs too much work */
    static boolean matches(Pattern pattern, String input) {
        try {
            return pattern.matcher(new CountingSequence(input, new int[] {0})).matches();
        } catch (TooMuchWork e) {
            throw ApiKeyError.LABEL_INVALID.exception("label cannot be checked against this realm's label rule: "
                    + "the rule needs too much work for this label");
        }
    }

    private static final class TooMuchWork extends RuntimeException {
        TooMuchWork() {
            super(null, null, false, false);
        }
    }

    /** Shares one read counter with the subsequences the engine takes of it. */
    private record CountingSequence(String text, int[] reads) implements CharSequence {

        @Override
        public char charAt(int index) {
            if (++reads[0] > MAX_READS) {
                throw new TooMuchWork();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new CountingSequence(text.substring(start, end), reads);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
