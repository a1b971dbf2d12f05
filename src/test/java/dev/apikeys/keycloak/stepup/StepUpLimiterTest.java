package dev.apikeys.keycloak.stepup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

/** Wrong step-up codes are bounded before they are evaluated, also when they arrive all at once. */
class StepUpLimiterTest {

    /** Keycloak's replicated single-use store, as one map every "node" of the test shares (lifespans ignored). */
    private final Map<String, Map<String, String>> store = new ConcurrentHashMap<>();
    private final SingleUseObjectProvider singleUse = (SingleUseObjectProvider) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {SingleUseObjectProvider.class}, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "putIfAbsent" -> store.putIfAbsent((String) args[0], Map.of()) == null;
                        case "put" -> {
                            @SuppressWarnings("unchecked")
                            Map<String, String> notes = (Map<String, String>) args[2];
                            store.put((String) args[0], notes);
                            yield null;
                        }
                        case "get" -> store.get((String) args[0]);
                        case "remove" -> store.remove((String) args[0]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });

    private StepUpLimiter limiter(String user) {
        return new StepUpLimiter(singleUse, "realm", user, 5, 900);
    }

    @Test
    void aBurstGetsNoMoreAttemptsThanTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<StepUpLimiter.Attempt>> burst = IntStream.range(0, 80).mapToObj(i -> pool.submit(() -> {
                start.await();
                return limiter("alice").claim();
            })).toList();
            start.countDown();
            long granted = 0;
            for (Future<StepUpLimiter.Attempt> attempt : burst) {
                granted += attempt.get() == null ? 0 : 1;
            }
            assertEquals(5, granted);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rightCodesGiveTheirAttemptBackWrongOnesKeepIt() {
        StepUpLimiter alice = limiter("alice");
        for (int i = 0; i < 20; i++) {
            alice.succeeded(Objects.requireNonNull(alice.claim()));
        }
        for (int i = 0; i < 5; i++) {
            assertNotNull(alice.claim(), "wrong code " + (i + 1));
        }
        assertNull(alice.claim(), "locked after five wrong codes");
        assertNotNull(limiter("bob").claim(), "another user is not affected");
    }

    @Test
    void retryAfterNamesWhenTheOldestFailureStopsCounting() {
        StepUpLimiter alice = limiter("alice");
        for (int i = 0; i < 5; i++) {
            alice.claim();
        }
        long retryAfter = alice.retryAfterSeconds();
        assertTrue(retryAfter > 890 && retryAfter <= 900, Long.toString(retryAfter));
    }
}
