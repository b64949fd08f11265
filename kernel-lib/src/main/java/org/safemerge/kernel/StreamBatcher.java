package org.safemerge.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Standard output and error of the cells, sent in batches: what is written collects here and goes out as one
 * stream message when {@link #MAX_DELAY_MILLIS} have passed, when {@link #MAX_BYTES} have collected, when output
 * switches between stdout and stderr (so their order is kept), and on {@link #flush()} (the kernel flushes before
 * every display, result, error and reply). A cell printing 20,000 lines sends a few dozen messages, not 20,000.
 */
final class StreamBatcher implements AutoCloseable {
    /** The longest output waits: 50 ms. */
    static final long MAX_DELAY_MILLIS = 50;
    /** The most output collected before it is sent: 32 KiB. */
    static final int MAX_BYTES = 32 * 1024;

    /** Where batches go. */
    @FunctionalInterface
    interface Sink {
        /** @param stderr whether it is standard error; {@code text} is whole characters */
        void write(boolean stderr, String text);
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean pendingErr;
    private volatile Sink sink;
    private final ScheduledExecutorService timer;
    private final PrintStream out;
    private final PrintStream err;

    StreamBatcher() {
        this(true);
    }

    /** @param timed whether a timer flushes every {@link #MAX_DELAY_MILLIS} (tests flush by hand) */
    StreamBatcher(boolean timed) {
        this.out = new PrintStream(new Stream(false), true, StandardCharsets.UTF_8);
        this.err = new PrintStream(new Stream(true), true, StandardCharsets.UTF_8);
        if (timed) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "safemerge-output");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::flush, MAX_DELAY_MILLIS, MAX_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /** @return standard output for the cells */
    PrintStream out() {
        return out;
    }

    /** @return standard error for the cells */
    PrintStream err() {
        return err;
    }

    /** Sends output to {@code target} from now on (null: output is dropped, as after a cell ends). */
    void attach(Sink target) {
        flush();
        sink = target;
    }

    /** Sends what has collected, then stops sending: output written later is dropped. */
    void detach() {
        flush();
        synchronized (this) {
            sink = null;
        }
    }

    /** Sends what has collected now. */
    synchronized void flush() {
        int n = pending.size();
        if (n == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        // Keep an unfinished UTF-8 character for the next batch.
        int end = completeUtf8(bytes, n);
        pending.reset();
        pending.write(bytes, end, n - end);
        Sink target = sink;
        if (target != null && end > 0) {
            target.write(pendingErr, new String(bytes, 0, end, StandardCharsets.UTF_8));
        }
    }

    private synchronized void write(boolean stderr, byte[] b, int off, int len) {
        if (pending.size() > 0 && stderr != pendingErr) {
            flush();
            if (pending.size() > 0) {
                pending.reset();  // a broken character left on the other stream
            }
        }
        pendingErr = stderr;
        pending.write(b, off, len);
        if (pending.size() >= MAX_BYTES) {
            flush();
        }
    }

    /** @return the length of the longest prefix of {@code b[0, n)} that ends on a character boundary */
    static int completeUtf8(byte[] b, int n) {
        int i = n - 1;
        int back = 0;
        while (i >= 0 && back < 3 && (b[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) {
            return n;
        }
        int lead = b[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return n - i >= need ? n : i;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        flush();
    }

    /** One of the two streams. */
    private final class Stream extends OutputStream {
        private final boolean stderr;

        Stream(boolean stderr) {
            this.stderr = stderr;
        }

        @Override
        public void write(int b) {
            StreamBatcher.this.write(stderr, new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            StreamBatcher.this.write(stderr, b, off, len);
        }
    }
}
