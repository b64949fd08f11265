package org.safemerge.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.safemerge.SafeMerge;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.ModelConfig;

/**
 * Everything a merge writes besides the weights: {@code config.json}, the tokenizer files, the chat template, the
 * resolved recipe ({@value #RECIPE_FILE}) and the model card.
 */
final class OutputFiles {
    /** The resolved recipe beside the weights; {@code safemerge merge} accepts it back as input. */
    static final String RECIPE_FILE = "safemerge_config.yml";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OutputFiles() {
    }

    static void write(Path dir, MergePlan plan, ModelConfig config, MergeOptions options) {
        config.writeTo(dir);
        copyTokenizer(dir, plan);
        writeChatTemplate(dir, plan);
        String yaml = recipeYaml(plan, options);
        try {
            Files.writeString(dir.resolve(RECIPE_FILE), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(RECIPE_FILE) + ": " + e.getMessage(), e);
        }
        MergeCard.write(dir, plan, plan.recipe().withAbsoluteModelPaths().toYaml(), options.cardSections());
    }

    /** @return the recipe with absolute model paths, headed by a comment saying how to rebuild the merge */
    static String recipeYaml(MergePlan plan, MergeOptions options) {
        return "# Written by SafeMerge " + SafeMerge.version() + ". Rebuild this merge with:\n"
                + "#   safemerge merge " + RECIPE_FILE + " --out OUTDIR --seed " + options.seed() + "\n"
                + plan.recipe().withAbsoluteModelPaths().toYaml();
    }

    private static void copyTokenizer(Path dir, MergePlan plan) {
        Path from = plan.inputs().get(plan.tokenizerDonor()).dir();
        if (from == null) {
            return;
        }
        for (String f : Checkpoint.TOKENIZER_FILES) {
            Path src = from.resolve(f);
            if (Files.isRegularFile(src)) {
                try {
                    Files.copy(src, dir.resolve(f));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot copy " + src + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static void writeChatTemplate(Path dir, MergePlan plan) {
        String setting = plan.recipe().chatTemplate();
        if (setting == null) {
            return;
        }
        String template = setting.equals("auto") ? mostCommonTemplate(plan)
                : ChatTemplates.BUILT_IN.getOrDefault(setting, setting);
        if (template == null) {
            return;
        }
        try {
            Files.writeString(dir.resolve("chat_template.jinja"), template);
            Path tc = dir.resolve("tokenizer_config.json");
            if (Files.isRegularFile(tc)) {
                JsonNode node = JSON.readTree(Files.readString(tc));
                if (node instanceof ObjectNode o) {
                    o.put("chat_template", template);
                    Files.writeString(tc, JSON.writeValueAsString(o) + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chat template into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return the template most inputs carry (the first such on a tie), or null if none has one */
    private static String mostCommonTemplate(MergePlan plan) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String ref : plan.recipe().modelRefs()) {
            String t = templateOf(plan.inputs().get(ref).dir());
            if (t != null) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static String templateOf(Path dir) {
        if (dir == null) {
            return null;
        }
        try {
            if (Files.isRegularFile(dir.resolve("chat_template.jinja"))) {
                return Files.readString(dir.resolve("chat_template.jinja"));
            }
            Path tc = dir.resolve("tokenizer_config.json");
            if (Files.isRegularFile(tc)) {
                JsonNode t = JSON.readTree(Files.readString(tc)).get("chat_template");
                return t != null && t.isTextual() ? t.textValue() : null;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chat template of " + dir + ": " + e.getMessage(), e);
        }
    }
}
