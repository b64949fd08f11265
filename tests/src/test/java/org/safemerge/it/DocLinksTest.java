package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md leads somewhere: the file exists, and a {@code #fragment} names a
 * heading of the linked page (GitHub's anchor for it). Moving a section between pages must not strand its links.
 */
class DocLinksTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    private final Path root = Path.of(System.getProperty("safemerge.root", "..")).toAbsolutePath().normalize();

    @Test
    void everyRelativeLinkOfTheDocsLeadsToAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            String text = withoutCodeBlocks(Files.readString(page));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto:
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(linked)) {
                    broken.add(root.relativize(page) + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(linked).contains(target.substring(hash + 1))) {
                    broken.add(root.relativize(page) + ": " + target + " (no such heading in "
                            + root.relativize(linked) + ")");
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(checked >= 5, "only " + checked + " relative links found: is the pattern right?");
    }

    @Test
    void anchorsAreGitHubs() {
        assertEquals("the-paper-in-miniature-binsafemerge-reproduce",
                anchor("The paper in miniature: `bin/safemerge reproduce`"));
        assertEquals("why-the-zoo-is-trained-as-it-is", anchor("Why the zoo is trained as it is"));
        assertEquals("a0-architecture-in-one-paragraph", anchor("A.0 Architecture in one paragraph"));
    }

    private List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> s = Files.list(docs)) {
                s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    private static Set<String> anchors(Path page) throws IOException {
        if (!page.toString().endsWith(".md")) {
            return Set.of();
        }
        return HEADING.matcher(withoutCodeBlocks(Files.readString(page))).results()
                .map(r -> anchor(r.group(1))).collect(Collectors.toSet());
    }

    /** GitHub's anchor: lower case, punctuation dropped, each space a hyphen. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** Shell comments in fenced blocks look like headings, and code may hold bracketed text that is no link. */
    private static String withoutCodeBlocks(String markdown) {
        return markdown.replaceAll("(?ms)^```.*?^```", "");
    }
}
