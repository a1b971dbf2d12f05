package dev.apikeys.keycloak.ip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A key's IP allow-list: validated, canonical and free of duplicates. An empty list means "not IP-bound".
 */
public final class IpAllowList {

    private static final IpAllowList EMPTY = new IpAllowList(List.of());

    private final List<IpRange> ranges;

    private IpAllowList(List<IpRange> ranges) {
        this.ranges = ranges;
    }

    /**
     * @throws IllegalArgumentException naming the first entry that is not an address or range
     */
    public static IpAllowList parse(Collection<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return EMPTY;
        }
        Set<IpRange> unique = new LinkedHashSet<>();
        for (String entry : entries) {
            unique.add(IpRange.parse(entry));
        }
        return new IpAllowList(List.copyOf(unique));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public int size() {
        return ranges.size();
    }

    /** True when the address falls inside one of the entries; an address that is not a literal never matches. */
    public boolean allows(ClientAddress clientAddress) {
        byte[] bytes = clientAddress.bytes();
        if (bytes == null) {
            return false;
        }
        for (IpRange range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    public List<String> entries() {
        List<String> entries = new ArrayList<>(ranges.size());
        for (IpRange range : ranges) {
            entries.add(range.toString());
        }
        return List.copyOf(entries);
    }
}
