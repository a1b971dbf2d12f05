package dev.apikeys.keycloak.policy;

import java.util.ArrayDeque;
import java.util.Deque;
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
    static final int MAX_COUNT = 1000;

    private BoundedMatch() {
    }

    /**
     * Why a pattern could make the engine work without reading the label, which no read count bounds: a quantified
     * group that holds a quantifier (with an empty-matching body, {@code (?:(?:(?:()){1000}){1000}){1000}} loops a
     * billion times on any label), a back-reference, or a count over {@value #MAX_COUNT}. Such patterns are refused
     * when the policy is set; Emirex-style rules ({@code (?=.*[A-Z])(?=.*\d).+}) need none of them.
     *
     * @return what is not allowed, or null when the pattern may be used
     */
    static String unsafe(String regex) {
        Deque<boolean[]> groups = new ArrayDeque<>();
        groups.push(new boolean[1]);
        boolean afterGroupWithQuantifier = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            boolean closedGroupWithQuantifier = false;
            int quantifierEnd = -1;
            switch (c) {
                case '\\' -> {
                    char next = i + 1 < regex.length() ? regex.charAt(i + 1) : ' ';
                    if ((next >= '1' && next <= '9') || next == 'k') {
                        return "back-references";
                    }
                    if (next == 'Q') {
                        int end = regex.indexOf("\\E", i + 2);
                        i = end < 0 ? regex.length() : end + 1;
                    } else {
                        i++;
                    }
                }
                case '[' -> i = endOfClass(regex, i);
                case '(' -> {
                    if (regex.startsWith("?", i + 1) && isFlags(regex, i + 2)) {
                        i = regex.indexOf(')', i);
                        if (i < 0) {
                            return null;
                        }
                    } else {
                        groups.push(new boolean[1]);
                    }
                }
                case ')' -> {
                    if (groups.size() > 1) {
                        closedGroupWithQuantifier = groups.pop()[0];
                        groups.peek()[0] |= closedGroupWithQuantifier;
                    }
                }
                case '*', '+' -> quantifierEnd = i;
                case '?' -> {
                    if (i == 0 || regex.charAt(i - 1) != '(') {
                        quantifierEnd = i;
                    }
                }
                case '{' -> {
                    int close = regex.indexOf('}', i);
                    if (close > i && regex.substring(i + 1, close).matches("\\d{1,9}(,\\d{0,9})?")) {
                        for (String count : regex.substring(i + 1, close).split(",")) {
                            if (!count.isEmpty() && Long.parseLong(count) > MAX_COUNT) {
                                return "counts over " + MAX_COUNT;
                            }
                        }
                        quantifierEnd = close;
                    }
                }
                default -> { }
            }
            if (quantifierEnd >= 0) {
                if (afterGroupWithQuantifier) {
                    return "nested quantifiers";
                }
                groups.peek()[0] = true;
                i = quantifierEnd;
                if (i + 1 < regex.length() && (regex.charAt(i + 1) == '?' || regex.charAt(i + 1) == '+')) {
                    i++;
                }
            }
            afterGroupWithQuantifier = closedGroupWithQuantifier;
        }
        return null;
    }

    /** {@code (?i)} and the like: inline flags, not a group. */
    private static boolean isFlags(String regex, int from) {
        int i = from;
        while (i < regex.length() && (Character.isLetter(regex.charAt(i)) || regex.charAt(i) == '-')) {
            i++;
        }
        return i > from && i < regex.length() && regex.charAt(i) == ')';
    }

    /** The index of the {@code ]} that closes the class opened at {@code open} (classes nest in Java). */
    private static int endOfClass(String regex, int open) {
        int depth = 0;
        for (int i = open; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && i > open + 1 && --depth == 0) {
                return i;
            }
        }
        return regex.length();
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
