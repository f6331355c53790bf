package io.iotdeploy.containerization.image;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TagLocksTests {

    @Test
    void oneHolderPerTagAtATimeAndNoLockIsKeptAfterwards() throws Exception {
        TagLocks locks = new TagLocks();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                done.add(threads.submit(() -> {
                    start.await();
                    for (int round = 0; round < 200; round++) {
                        try (TagLocks.Held held = locks.lock("registry/app:1a2b")) {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(locks.isEmpty()).isTrue();
    }

    @Test
    void differentTagsDoNotWaitForEachOther() throws Exception {
        TagLocks locks = new TagLocks();
        try (TagLocks.Held first = locks.lock("registry/app:1")) {
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                other.submit(() -> locks.lock("registry/app:2").close()).get(5, TimeUnit.SECONDS);
            }
            finally {
                other.shutdownNow();
            }
        }
        assertThat(locks.isEmpty()).isTrue();
    }

}
