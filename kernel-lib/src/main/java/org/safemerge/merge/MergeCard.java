package org.safemerge.merge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.safemerge.SafeMerge;

/**
 * The model card ({@code README.md}) written beside a merge: YAML front matter, the method with its paper link, the
 * base and merged models, the recipe, and optional extra sections. Evaluation results (e.g. the merge's safety
 * score) are added as sections: at merge time through {@link MergeOptions#cardSections()}, or later with
 * {@link #setSection}.
 *
 * <pre>
 * MergeCard.setSection(outDir.resolve("README.md"), "Safety evaluation", "| metric | value |\n|---|---|\n| ...");
 * </pre>
 */
public final class MergeCard {
    /** The card's file name. */
    public static final String FILE = "README.md";

    /**
     * One extra section of the card.
     *
     * @param title    its heading (rendered as {@code ## title})
     * @param markdown its body
     */
    public record Section(String title, String markdown) {
    }

    private MergeCard() {
    }

    /** @return the card text for a plan, its recipe YAML and extra sections */
    public static String render(MergePlan plan, String recipeYaml, List<Section> sections) {
        MergeMethod m = plan.method();
        Recipe r = plan.recipe();
        StringBuilder sb = new StringBuilder();
        sb.append("---\ntags:\n- safemerge\n- mergekit\n- merge\nlibrary_name: transformers\n---\n");
        sb.append("# Merged model\n\n");
        sb.append("This is a merge of pre-trained language models, made with SafeMerge ").append(SafeMerge.version())
                .append(" from a mergekit recipe.\n\n");
        sb.append("## Merge details\n\n### Merge method\n\n");
        String link = m.paperUrl().isEmpty() ? m.title() : "[" + m.title() + "](" + m.paperUrl() + ")";
        boolean slerp = m.id().equals("slerp");
        if (plan.tensors().stream().anyMatch(t -> t.base() != null) && !slerp) {
            sb.append("This model was merged with the ").append(link).append(" method (`").append(m.id())
                    .append("`), with ").append(r.baseModel()).append(" as the base.\n\n");
        } else {
            sb.append("This model was merged with the ").append(link).append(" method (`").append(m.id())
                    .append("`).\n\n");
        }
        sb.append("### Models merged\n\nThe following models were included in the merge:\n");
        Set<String> merged = new LinkedHashSet<>();
        for (PlannedTensor t : plan.tensors()) {
            t.models().forEach(in -> merged.add(in.model()));
        }
        if (!slerp && r.baseModel() != null) {
            merged.remove(r.baseModel());
        }
        merged.forEach(ref -> sb.append("* ").append(ref).append('\n'));
        sb.append("\n### Configuration\n\nThe following YAML configuration was used to produce this model:\n\n");
        sb.append("```yaml\n").append(recipeYaml.strip()).append("\n```\n");
        for (Section s : sections) {
            sb.append("\n## ").append(s.title()).append("\n\n").append(s.markdown().strip()).append('\n');
        }
        return sb.toString();
    }

    /** Writes the card into {@code dir}. */
    public static void write(Path dir, MergePlan plan, String recipeYaml, List<Section> sections) {
        try {
            Files.writeString(dir.resolve(FILE), render(plan, recipeYaml, sections));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds a {@code ## title} section to an existing card, or replaces the section of that title.
     *
     * @throws IllegalArgumentException if the card does not exist
     */
    public static void setSection(Path card, String title, String markdown) {
        if (!Files.isRegularFile(card)) {
            throw new IllegalArgumentException(card + ": no model card to update");
        }
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(card));
            String heading = "## " + title;
            int start = lines.indexOf(heading);
            List<String> body = new ArrayList<>();
            body.add("");
            body.addAll(List.of(markdown.strip().split("\n", -1)));
            if (start < 0) {
                if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
                    lines.add("");
                }
                lines.add(heading);
                lines.addAll(body);
            } else {
                int end = start + 1;
                boolean inCode = false;
                while (end < lines.size() && (inCode || !lines.get(end).startsWith("## "))) {
                    inCode ^= lines.get(end).startsWith("```");
                    end++;
                }
                List<String> replaced = new ArrayList<>(body);
                if (end < lines.size()) {
                    replaced.add("");
                }
                lines.subList(start + 1, end).clear();
                lines.addAll(start + 1, replaced);
            }
            Files.writeString(card, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + card + ": " + e.getMessage(), e);
        }
    }
}
