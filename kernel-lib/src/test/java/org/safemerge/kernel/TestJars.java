package org.safemerge.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a one-class library for class-path tests: {@code PACKAGE.Hello} with {@code String greet()}. Tests that
 * share a JShell session use different packages: a class name loads once per session.
 */
final class TestJars {
    private TestJars() {
    }

    /**
     * @param dir a scratch directory
     * @param pkg the package of the class
     * @param message what {@code new PACKAGE.Hello().greet()} returns
     * @return the directory holding the compiled {@code PACKAGE/Hello.class}
     */
    static Path classes(Path dir, String pkg, String message) {
        try {
            Path src = Files.createDirectories(dir.resolve("src").resolve(pkg)).resolve("Hello.java");
            Files.writeString(src, "package " + pkg + ";\npublic class Hello {\n    public String greet() { return \""
                    + message + "\"; }\n}\n");
            Path out = Files.createDirectories(dir.resolve("classes"));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int status = javac.run(null, null, null, "-d", out.toString(), src.toString());
            if (status != 0) {
                throw new IllegalStateException("javac failed on " + src);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a jar {@code dir/lib/PACKAGE.jar} holding {@link #classes} */
    static Path jar(Path dir, String pkg, String message) {
        Path classes = classes(dir, pkg, message);
        try {
            Path jar = Files.createDirectories(dir.resolve("lib")).resolve(pkg + ".jar");
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
                for (String entry : List.of(pkg + "/", pkg + "/Hello.class")) {
                    out.putNextEntry(new JarEntry(entry));
                    if (!entry.endsWith("/")) {
                        out.write(Files.readAllBytes(classes.resolve(entry)));
                    }
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
