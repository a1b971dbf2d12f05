package dev.apikeys.keycloak.it;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** Sends requests all at once, each on its own thread released by one starting signal, as racing clients would. */
final class Parallel {

    private Parallel() {
    }

    /** The answers in the order of the calls. */
    static List<HttpResult> send(List<Supplier<HttpResult>> calls) {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<HttpResult>> running = calls.stream()
                    .map(call -> CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return call.get();
                    }, pool))
                    .toList();
            start.countDown();
            return running.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
