package org.safemerge;

/**
 * Library-wide facts and the one start-up step every entry point (CLI, kernel, notebook, tests) takes.
 */
public final class SafeMerge {
    private SafeMerge() {
    }

    /** @return the library version from the jar manifest ("dev" when running from classes) */
    public static String version() {
        String v = SafeMerge.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * Makes DJL run offline and without telemetry: nothing may be downloaded at run time. Must run before the first
     * DJL class initialises; calling it again is harmless. The launcher and the kernelspec also set the
     * {@code DJL_OFFLINE} and {@code OPT_OUT_TRACKING} environment variables, which DJL reads as well.
     */
    public static void configureOffline() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("DJL_OFFLINE", "true");
        setIfAbsent("java.awt.headless", "true");
        // libtorch's OpenMP threads spin at barriers; on a shared machine that costs 10-100x (see TorchThreads).
        org.safemerge.model.TorchThreads.preferPassiveWaiting();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
