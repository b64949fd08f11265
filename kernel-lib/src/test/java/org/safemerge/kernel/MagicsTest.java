package org.safemerge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagicsTest {
    private static CellEvaluator shell;

    @BeforeAll
    static void start() {
        shell = new CellEvaluator();
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    private static Magics magics(Path workingDirectory, Path repository) {
        return new Magics(shell, new LocalMaven(repository), workingDirectory);
    }

    @Test
    void jarsTakesGlobsRelativeToTheWorkingDirectory(@TempDir Path dir) {
        TestJars.jar(dir.resolve("one"), "globbed", "one");
        List<Path> added = magics(dir, dir).run(new CellParts.Magic("jars", List.of("one/lib/*.jar"), 1));
        assertEquals(List.of(dir.resolve("one/lib/globbed.jar")), added);
        assertEquals("one", shell.eval("new globbed.Hello().greet()", 1, 1));
    }

    @Test
    void classpathTakesClassDirectoriesAndSeparatedLists(@TempDir Path dir) throws Exception {
        Path classes = TestJars.classes(dir, "classdir", "from classes");
        Path other = Files.createDirectories(dir.resolve("other"));
        List<Path> added = magics(dir, dir).run(new CellParts.Magic("classpath",
                List.of(classes + ":" + other.getFileName()), 3));
        assertEquals(List.of(classes, other), added);
        assertEquals("from classes", shell.eval("new classdir.Hello().greet()", 1, 1));
    }

    @Test
    void globsCrossDirectoriesWithDoubleStar(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/x.jar"), "");
        Files.writeString(dir.resolve("a/y.jar"), "");
        Files.writeString(dir.resolve("a/z.txt"), "");
        assertEquals(List.of(dir.resolve("a/b/x.jar"), dir.resolve("a/y.jar")), Magics.glob(dir, "a/**.jar"));
        assertEquals(List.of(dir.resolve("a/y.jar")), Magics.glob(dir, "a/*.jar"));
        assertEquals(List.of(dir.resolve("a/y.jar")), Magics.glob(dir, dir + "/a/y.jar"));
    }

    @Test
    void mistakesAreOneLineErrorsNamingTheCellLine(@TempDir Path dir) throws Exception {
        Magics magics = magics(dir, dir);
        CellException none = assertThrows(CellException.class,
                () -> magics.run(new CellParts.Magic("jars", List.of("nothing/*.jar"), 4)));
        assertEquals("MagicError", none.name());
        assertTrue(none.getMessage().startsWith("line 4: no file matches nothing/*.jar"), none.getMessage());

        Files.createDirectories(dir.resolve("d"));
        CellException directory = assertThrows(CellException.class,
                () -> magics.run(new CellParts.Magic("jars", List.of("d"), 2)));
        assertTrue(directory.getMessage().contains("is a directory (%jars takes jar files; %classpath takes class"
                + " directories)"), directory.getMessage());

        CellException unknown = assertThrows(CellException.class,
                () -> magics.run(new CellParts.Magic("jar", List.of("x.jar"), 1)));
        assertEquals("line 1: unknown magic %jar; known: %classpath, %jars, %maven", unknown.getMessage());
        CellException cellMagic = assertThrows(CellException.class,
                () -> magics.run(new CellParts.Magic("%time", List.of(), 1)));
        assertEquals("line 1: unknown magic %%time; known: %classpath, %jars, %maven", cellMagic.getMessage());

        CellException empty = assertThrows(CellException.class,
                () -> magics.run(new CellParts.Magic("maven", List.of(), 6)));
        assertEquals("line 6: %maven needs arguments: %maven GROUP:ARTIFACT:VERSION…", empty.getMessage());
    }

    @Test
    void mavenAddsTheArtifactAndItsDependencies(@TempDir Path dir) {
        Path repo = FakeRepository.create(dir.resolve("repo"));
        List<Path> added = magics(dir, repo).run(new CellParts.Magic("maven", List.of("org.example:app:1.0"), 1));
        assertEquals(List.of("app-1.0.jar", "greeting-2.0.jar"),
                added.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals("hello from maven", shell.eval("new greeting.Hello().greet()", 1, 1));
    }
}
