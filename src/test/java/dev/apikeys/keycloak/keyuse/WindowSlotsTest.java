package dev.apikeys.keycloak.keyuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

/** The bounded count behind the throttle and the stored-refusal sample holds its bound when claims race. */
class WindowSlotsTest {

    /** Keycloak's replicated single-use store, as one map every "node" shares (lifespans ignored). */
    private final Map<String, Boolean> store = new ConcurrentHashMap<>();
    private final SingleUseObjectProvider singleUse = (SingleUseObjectProvider) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {SingleUseObjectProvider.class}, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "putIfAbsent" -> store.putIfAbsent((String) args[0], true) == null;
                        case "contains" -> store.containsKey((String) args[0]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });

    @Test
    void racingClaimsTakeExactlyTheSlotsAndOneOfThemFindsThemFilled() throws Exception {
        WindowSlots slots = new WindowSlots(singleUse, "count.", 10, 60);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<WindowSlots.Claim>> claims = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            claims.add(pool.submit(() -> {
                start.await();
                return slots.claim();
            }));
        }
        start.countDown();
        Map<WindowSlots.Claim, Integer> counted = new ConcurrentHashMap<>();
        for (Future<WindowSlots.Claim> claim : claims) {
            counted.merge(claim.get(), 1, Integer::sum);
        }
        pool.shutdown();

        assertEquals(10, counted.get(WindowSlots.Claim.TAKEN));
        assertEquals(1, counted.get(WindowSlots.Claim.FILLED));
        assertEquals(53, counted.get(WindowSlots.Claim.FULL));
        assertTrue(slots.allTaken());
    }

    @Test
    void countsAreKeptApartByTheirPrefix() {
        WindowSlots one = new WindowSlots(singleUse, "one.", 2, 60);
        WindowSlots other = new WindowSlots(singleUse, "other.", 2, 60);
        one.claim();
        one.claim();

        assertTrue(one.allTaken());
        assertFalse(other.allTaken());
        assertEquals(WindowSlots.Claim.TAKEN, other.claim());
    }
}
