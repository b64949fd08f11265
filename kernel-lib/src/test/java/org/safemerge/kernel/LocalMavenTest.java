package org.safemerge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMavenTest {
    @Test
    void resolvesRuntimeDependenciesOfflineAndLeavesTestScopeOut(@TempDir Path dir) {
        Path repo = FakeRepository.create(dir.resolve("repo"));
        try (LocalMaven maven = new LocalMaven(repo)) {
            List<Path> jars = maven.resolve("org.example:app:1.0");
            assertEquals(List.of(repo.resolve("org/example/app/1.0/app-1.0.jar"),
                    repo.resolve("org/example/greeting/2.0/greeting-2.0.jar")), jars);
        }
    }

    @Test
    void aMissingArtifactIsAClearMessageWithTheFetchCommand(@TempDir Path dir) {
        Path repo = FakeRepository.create(dir.resolve("repo"));
        try (LocalMaven maven = new LocalMaven(repo)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> maven.resolve("org.example:nowhere:3.1"));
            assertTrue(e.getMessage().startsWith("%maven: org.example:nowhere:3.1 is not resolvable from the local"
                    + " Maven repository " + repo + " (the kernel works offline): "), e.getMessage());
            assertTrue(e.getMessage().endsWith("Fetch it first, e.g. mvn dependency:get"
                    + " -Dartifact=org.example:nowhere:3.1"), e.getMessage());

            IllegalArgumentException transitive = assertThrows(IllegalArgumentException.class,
                    () -> maven.resolve("org.example:broken:1.0"));
            assertTrue(transitive.getMessage().contains("org.example:absent"), transitive.getMessage());
        }
    }

    @Test
    void badCoordinatesSayWhatIsExpected(@TempDir Path dir) {
        try (LocalMaven maven = new LocalMaven(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> maven.resolve("junit"));
            assertEquals("%maven: bad coordinates 'junit', expected group:artifact:version", e.getMessage());
        }
    }

    @Test
    void aMissingRepositoryIsNamed(@TempDir Path dir) {
        try (LocalMaven maven = new LocalMaven(dir.resolve("no-repo"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> maven.resolve("a:b:1"));
            assertTrue(e.getMessage().contains(dir.resolve("no-repo") + " does not exist"), e.getMessage());
        }
    }
}
