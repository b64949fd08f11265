package org.safemerge.notebook;

import java.util.Objects;

/**
 * A Markdown text shown rendered in a notebook ({@code text/markdown}, with the raw text as the {@code text/plain}
 * fallback), e.g. a merge's model card:
 *
 * <pre>
 * Markdown.of(Files.readString(out.resolve(MergeCard.FILE)))
 * </pre>
 *
 * <p>A leading YAML front matter block ({@code ---} lines around it, as Hugging Face model cards have) is shown as a
 * {@code yaml} code block: rendered as Markdown it would become a rule and a heading.
 *
 * @param text the Markdown source
 */
public record Markdown(String text) implements Renderable {
    public Markdown {
        Objects.requireNonNull(text, "text");
    }

    /** @return the text, to be shown as Markdown */
    public static Markdown of(String text) {
        return new Markdown(text);
    }

    @Override
    public String toText() {
        return text;
    }

    @Override
    public String toMarkdown() {
        String t = text.replace("\r\n", "\n");
        if (t.startsWith("---\n")) {
            int end = t.indexOf("\n---\n", 3);
            if (end >= 0) {
                return "```yaml\n" + t.substring(4, end + 1) + "```\n" + t.substring(end + 5);
            }
        }
        return text;
    }
}
