package org.safemerge.model;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Makes libtorch's OpenMP worker threads wait for work politely. By default they spin at every barrier; when another
 * process holds a core (a shared 2-core machine, a notebook next to a build), a spinning worker waits for a thread
 * that is not scheduled and every operation pays a scheduler time slice: tiny models ran 10 to 100 times slower
 * here. {@code OMP_WAIT_POLICY=PASSIVE} makes idle workers sleep instead.
 *
 * <p>OpenMP reads the variable once, when libtorch is loaded, so this must run before the first DJL operation;
 * {@link org.safemerge.SafeMerge#configureOffline()} calls it. A value the user set (OMP_WAIT_POLICY or
 * GOMP_SPINCOUNT) is left alone.
 */
public final class TorchThreads {
    private static volatile boolean done;

    private TorchThreads() {
    }

    /** The C library's {@code setenv}: Java cannot change its own process environment otherwise. */
    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /** Sets {@code OMP_WAIT_POLICY=PASSIVE} in the process environment unless a wait policy is already chosen. */
    public static synchronized void preferPassiveWaiting() {
        if (done) {
            return;
        }
        done = true;
        if (System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null
                || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return;
        }
        try {
            Native.load("c", LibC.class).setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // Without it everything still works, only slower on a busy machine.
        }
    }
}
