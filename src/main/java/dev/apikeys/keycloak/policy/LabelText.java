package dev.apikeys.keycloak.policy;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

import dev.apikeys.keycloak.error.ApiKeyError;

/**
 * The rules of any text a user names a thing with (a key's label, an address's remark): what is stored, what is
 * refused, what is shown, and when two names are the same. A name must not be able to pass for another in a list,
 * nor be invisible:
 * <ul>
 *   <li>stored as typed, NFC-normalized and trimmed of Unicode {@code White_Space} (which includes the no-break
 *       spaces U+00A0, U+2007 and U+202F that {@link Character#isWhitespace} leaves out);</li>
 *   <li>refused when it holds control, bidirectional or other format characters (except the zero-width joiner and
 *       non-joiner that emoji sequences and Persian or Indic text need) or private-use characters (no one can tell
 *       what they show), or no visible character at all: nothing but {@code White_Space},
 *       {@code Default_Ignorable_Code_Point}, fillers (U+2800, U+3164, U+303F, U+115F, U+16FE4, U+1D159, ...) and combining
 *       marks;</li>
 *   <li>the same as another when both are equal after NFKC, case folding, dropping default-ignorable code points,
 *       reading fillers as spaces, and collapsing runs of white space (HTML shows any run as one space). The joiners
 *       and variation selectors stay in the stored text, which emoji and some scripts need.</li>
 * </ul>
 * Every step is a single pass over the text (no regular expression that could backtrack), and text far longer than
 * a label is refused before any of them.
 */
public final class LabelText {

    public static final int MAX_LENGTH = 64;

    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;
    /** Longer input is refused unread: trimming cannot bring it down to a label. */
    private static final int MAX_INPUT_CHARS = 1024;
    /**
     * Blank characters: the Hangul fillers (also default-ignorable), Braille blank, ideographic half fill space,
     * Khitan filler, null notehead.
     */
    private static final Set<Integer> FILLERS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x303F, 0x16FE4, 0x1D159);
    /**
     * Unicode's {@code Default_Ignorable_Code_Point} (DerivedCoreProperties.txt, stable since Unicode 4.0), which
     * Java's regular expressions do not offer as a property.
     */
    private static final int[][] DEFAULT_IGNORABLE = {
            {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
            {0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
            {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
            {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF}};

    private LabelText() {
    }

    /**
     * @return the text as it will be stored: trimmed and NFC-normalized
     * @throws dev.apikeys.keycloak.error.ApiKeyException {@code error} when the text breaks a rule
     */
    public static String check(String text, String field, ApiKeyError error) {
        if (text == null) {
            throw error.invalidField(field, "is required");
        }
        if (text.length() > MAX_INPUT_CHARS) {
            throw error.invalidField(field, "must be 1 to " + MAX_LENGTH + " characters long");
        }
        String normalized = trim(Normalizer.normalize(text, Normalizer.Form.NFC));
        int length = normalized.codePointCount(0, normalized.length());
        if (length == 0 || length > MAX_LENGTH) {
            throw error.invalidField(field, "must be 1 to " + MAX_LENGTH + " characters long");
        }
        if (normalized.codePoints().anyMatch(LabelText::isForbidden)) {
            throw error.invalidField(field, "must not contain control, bidirectional or other invisible formatting characters");
        }
        if (normalized.codePoints().noneMatch(LabelText::isVisibleBase)) {
            throw error.invalidField(field, "must contain a visible character");
        }
        return normalized;
    }

    /**
     * A name as it is safe to show: without the characters {@link #check} refuses today, which names stored before
     * that rule may still hold (a right-to-left override would reorder what follows it on screen).
     */
    public static String display(String text) {
        if (text == null) {
            return null;
        }
        return text.codePoints().filter(c -> !isForbidden(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** Whether two names would pass for each other in a list (see the class comment). */
    public static boolean same(String a, String b) {
        return a != null && b != null && comparable(a).equals(comparable(b));
    }

    /**
     * The form two names are compared in: NFKC, case-folded, fillers read as spaces, other default-ignorables
     * dropped, runs of white space as one space, trimmed.
     */
    static String comparable(String text) {
        String compatible = Normalizer.normalize(text, Normalizer.Form.NFKC);
        String folded = Normalizer.normalize(compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT),
                Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder();
        boolean spaceWaiting = false;
        for (int c : folded.codePoints().toArray()) {
            if (isFiller(c) || isWhiteSpace(c)) {
                spaceWaiting = !out.isEmpty();
            } else if (!isDefaultIgnorable(c)) {
                if (spaceWaiting) {
                    out.append(' ');
                    spaceWaiting = false;
                }
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    private static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isWhiteSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isWhiteSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    /**
     * Unicode's {@code White_Space} property (PropList.txt, unchanged since Unicode 6.3), which
     * {@link Character#isWhitespace} does not match: it leaves out the no-break spaces.
     */
    private static boolean isWhiteSpace(int codePoint) {
        return (codePoint >= 0x09 && codePoint <= 0x0D) || codePoint == 0x20 || codePoint == 0x85 || codePoint == 0xA0
                || codePoint == 0x1680 || (codePoint >= 0x2000 && codePoint <= 0x200A) || codePoint == 0x2028
                || codePoint == 0x2029 || codePoint == 0x202F || codePoint == 0x205F || codePoint == 0x3000;
    }

    /**
     * Control characters, line and paragraph separators, unpaired surrogates, unassigned code points and format
     * characters (bidi controls such as U+202E, zero-width space U+200B, ...), except the zero-width joiner and
     * non-joiner.
     */
    private static boolean isForbidden(int codePoint) {
        int type = Character.getType(codePoint);
        if (type == Character.FORMAT) {
            return codePoint != ZERO_WIDTH_JOINER && codePoint != ZERO_WIDTH_NON_JOINER;
        }
        return Character.isISOControl(codePoint) || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
    }

    /** A character one sees on its own: not white space, ignorable, a filler or a mark that only decorates another. */
    private static boolean isVisibleBase(int codePoint) {
        int type = Character.getType(codePoint);
        return !isDefaultIgnorable(codePoint) && !isFiller(codePoint) && !isWhiteSpace(codePoint)
                && type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK
                && type != Character.COMBINING_SPACING_MARK && type != Character.FORMAT;
    }

    private static boolean isFiller(int codePoint) {
        return FILLERS.contains(codePoint);
    }

    private static boolean isDefaultIgnorable(int codePoint) {
        for (int[] range : DEFAULT_IGNORABLE) {
            if (codePoint >= range[0] && codePoint <= range[1]) {
                return true;
            }
        }
        return false;
    }
}
