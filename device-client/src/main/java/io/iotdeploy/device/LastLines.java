package io.iotdeploy.device;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last lines of an engine's output (a build, a pull, a log), bounded: older lines are dropped. Thread-safe. */
public final class LastLines {

    private final int capacity;

    private final Deque<String> lines = new ArrayDeque<>();

    public LastLines(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("LastLines keeps at least one line, not " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(String line) {
        if (this.lines.size() == this.capacity) {
            this.lines.removeFirst();
        }
        this.lines.addLast(line);
    }

    /** Adds every line of a chunk of text, without its line ends. */
    public void addText(String text) {
        for (String line : text.split("\n")) {
            add(line.stripTrailing());
        }
    }

    public synchronized List<String> lines() {
        return List.copyOf(this.lines);
    }

}
