package org.safemerge.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The imports every session starts with, so that cells can say {@code Table}, {@code XYChart} or {@code Checkpoint}
 * without a line of imports. Packages that do not exist (yet) are skipped quietly, so the list can name the
 * library's packages before they are written.
 *
 * <p>Configurable without rebuilding: the system property {@value #PROPERTY} or the environment variable
 * {@value #ENVIRONMENT} (e.g. in the kernelspec's {@code env}) holds comma-separated packages ({@code a.b.*}), types
 * ({@code a.b.C}) or {@code static a.b.C.*}; a value starting with {@code +} adds to the defaults instead of
 * replacing them.
 */
public final class StartupImports {
    /** System property holding the import list. */
    public static final String PROPERTY = "safemerge.kernel.imports";
    /** Environment variable holding the import list (the property wins). */
    public static final String ENVIRONMENT = "SAFEMERGE_KERNEL_IMPORTS";

    /** The defaults: the library's packages, Tablesaw, XChart, files, collections and streams. */
    public static final List<String> DEFAULTS = List.of(
            "org.safemerge.*",
            "org.safemerge.io.*",
            "org.safemerge.tensor.*",
            "org.safemerge.progress.*",
            "org.safemerge.merge.*",
            "org.safemerge.model.*",
            "org.safemerge.text.*",
            "org.safemerge.eval.*",
            "org.safemerge.data.*",
            "org.safemerge.search.*",
            "org.safemerge.experiment.*",
            "org.safemerge.notebook.*",
            "tech.tablesaw.api.*",
            "org.knowm.xchart.*",
            "java.nio.file.*",
            "java.util.*",
            "java.util.stream.*");

    /** Always imported: {@code display} and {@code updateDisplay} in cells. */
    public static final String DISPLAY = "static org.safemerge.kernel.Display.*";

    private StartupImports() {
    }

    /** @return the configured list (property, environment variable, or {@link #DEFAULTS}), plus {@link #DISPLAY} */
    public static List<String> configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            value = System.getenv(ENVIRONMENT);
        }
        return resolve(value);
    }

    /**
     * @param value a configuration value as described in the class comment, or null for the defaults
     * @return the imports it means, plus {@link #DISPLAY}
     */
    static List<String> resolve(String value) {
        List<String> imports = new ArrayList<>();
        if (value == null || value.isBlank() || value.strip().startsWith("+")) {
            imports.addAll(DEFAULTS);
        }
        if (value != null) {
            String list = value.strip().startsWith("+") ? value.strip().substring(1) : value;
            Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(s -> s.startsWith("import ") ? s.substring(7).strip() : s)
                    .map(s -> s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s)
                    .filter(s -> !imports.contains(s))
                    .forEach(imports::add);
        }
        if (!imports.contains(DISPLAY)) {
            imports.add(DISPLAY);
        }
        return List.copyOf(imports);
    }

    /** @return {@code import X;} for one entry */
    static String declaration(String entry) {
        return "import " + entry + ";";
    }
}
