package org.safemerge.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownTest {
    @Test
    void showsAsMarkdownWithTheRawTextAsFallback() {
        Map<String, String> bundle = MimeBundle.of(Markdown.of("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"));
        assertEquals(List.of("text/markdown", "text/plain"), List.copyOf(bundle.keySet()));
        assertEquals("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", bundle.get("text/markdown"));
        assertEquals("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", bundle.get("text/plain"));
    }

    @Test
    void frontMatterBecomesAYamlBlockInTheMarkdownOnly() {
        String card = "---\ntags:\n- merge\nlibrary_name: transformers\n---\n# Merged model\n";
        Markdown md = Markdown.of(card);
        assertEquals("```yaml\ntags:\n- merge\nlibrary_name: transformers\n```\n# Merged model\n", md.toMarkdown());
        assertEquals(card, md.toText());
        assertEquals("```yaml\n```\nrest", Markdown.of("---\n---\nrest").toMarkdown());
    }

    @Test
    void aRuleThatOpensNoFrontMatterStaysAsItIs() {
        assertEquals("---\nno closing rule", Markdown.of("---\nno closing rule").toMarkdown());
        assertEquals("text\n---\nmore\n---\n", Markdown.of("text\n---\nmore\n---\n").toMarkdown());
        assertThrows(NullPointerException.class, () -> Markdown.of(null));
    }

    @Test
    void renderablesDeclareMarkdownAmongTheirTypes() {
        assertEquals(List.of("image/png", "text/html", "text/markdown", "text/plain"),
                MimeBundle.mimeTypes(Markdown.class));
    }
}
