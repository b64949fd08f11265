package org.safemerge.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local Maven repository made on the spot: {@code org.example:app:1.0} depending on {@code
 * org.example:greeting:2.0} ({@code greeting.Hello}, saying "hello from maven") at compile scope and on
 * {@code org.example:testonly:1.0} at test scope, whose files are absent (a runtime resolution must not need them).
 * {@code org.example:broken:1.0} depends on {@code org.example:absent:9.9}, which is not there.
 */
final class FakeRepository {
    private FakeRepository() {
    }

    static Path create(Path repo) {
        try {
            Path greetingJar = TestJars.jar(repo.resolveSibling("build-greeting"), "greeting", "hello from maven");
            artifact(repo, "greeting", "2.0", "");
            Files.copy(greetingJar, repo.resolve("org/example/greeting/2.0/greeting-2.0.jar"));
            artifact(repo, "app", "1.0", dependency("greeting", "2.0", "compile") + dependency("testonly", "1.0",
                    "test"));
            Files.copy(greetingJar, repo.resolve("org/example/app/1.0/app-1.0.jar"));
            artifact(repo, "broken", "1.0", dependency("absent", "9.9", "compile"));
            Files.copy(greetingJar, repo.resolve("org/example/broken/1.0/broken-1.0.jar"));
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void artifact(Path repo, String id, String version, String dependencies) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("org/example").resolve(id).resolve(version));
        Files.writeString(dir.resolve(id + "-" + version + ".pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.example</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <dependencies>%s</dependencies>
                </project>
                """.formatted(id, version, dependencies));
    }

    private static String dependency(String id, String version, String scope) {
        return "<dependency><groupId>org.example</groupId><artifactId>" + id + "</artifactId><version>" + version
                + "</version><scope>" + scope + "</scope></dependency>";
    }
}
