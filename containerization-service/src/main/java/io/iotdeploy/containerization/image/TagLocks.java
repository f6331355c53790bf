package io.iotdeploy.containerization.image;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per image tag, held while the tag is checked, built and entered into its list, so that two requests
 * for the same upload on this instance build it once. A lock lives only while someone holds or waits for it.
 */
final class TagLocks {

    private final Map<String, Entry> locks = new HashMap<>();

    Held lock(String tag) {
        Entry entry;
        synchronized (this.locks) {
            entry = this.locks.computeIfAbsent(tag, (key) -> new Entry());
            entry.users++;
        }
        entry.lock.lock();
        return () -> {
            entry.lock.unlock();
            synchronized (this.locks) {
                if (--entry.users == 0) {
                    this.locks.remove(tag);
                }
            }
        };
    }

    /** Whether anyone holds or waits for a lock. */
    boolean isEmpty() {
        synchronized (this.locks) {
            return this.locks.isEmpty();
        }
    }

    /** A held lock; closing it releases it. */
    interface Held extends AutoCloseable {

        @Override
        void close();

    }

    private static final class Entry {

        private final ReentrantLock lock = new ReentrantLock();

        private int users;

    }

}
