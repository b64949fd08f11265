package org.safemerge.merge;

import java.util.List;
import java.util.Map;

/**
 * The {@code chat_template} setting of a recipe: {@code auto} (the template most inputs share), a built-in
 * format name, or a literal Jinja template. The built-ins are written here from the formats' published
 * conventions.
 */
public final class ChatTemplates {
    /** Built-in templates by name. */
    public static final Map<String, String> BUILT_IN = Map.of(
            "chatml", "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content']"
                    + " + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}"
                    + "{{ '<|im_start|>assistant\\n' }}{% endif %}",
            "llama3", "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role']"
                    + " + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}"
                    + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}"
                    + "{% endif %}",
            "alpaca", "{% for message in messages %}{% if message['role'] == 'system' %}{{ message['content']"
                    + " + '\\n\\n' }}{% elif message['role'] == 'user' %}{{ '### Instruction:\\n' + message['content']"
                    + " + '\\n\\n' }}{% elif message['role'] == 'assistant' %}{{ '### Response:\\n'"
                    + " + message['content'] + eos_token + '\\n\\n' }}{% endif %}{% endfor %}"
                    + "{% if add_generation_prompt %}{{ '### Response:\\n' }}{% endif %}",
            "mistral", "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}"
                    + "{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}"
                    + "{{ ' ' + message['content'] + eos_token }}{% endif %}{% endfor %}",
            "exaone", "{% for message in messages %}{{ '[|' + message['role'] + '|]' + message['content'] }}"
                    + "{% if message['role'] == 'user' %}{{ '\\n' }}{% else %}{{ '[|endofturn|]\\n' }}{% endif %}"
                    + "{% endfor %}{% if add_generation_prompt %}{{ '[|assistant|]' }}{% endif %}");

    private ChatTemplates() {
    }

    /** @return true if the setting is a literal Jinja template rather than a name (mergekit's rule) */
    public static boolean isLiteral(String setting) {
        return setting.length() > 20 && setting.contains("{");
    }

    /** @throws IllegalArgumentException if the setting is neither auto, a built-in name nor a template */
    static void check(String setting) {
        if (!setting.equals("auto") && !BUILT_IN.containsKey(setting) && !isLiteral(setting)) {
            throw new IllegalArgumentException("chat_template: '" + setting + "' is not a template; expected auto, "
                    + String.join(", ", List.copyOf(new java.util.TreeSet<>(BUILT_IN.keySet())))
                    + ", or a Jinja template (more than 20 characters, containing '{')");
        }
    }
}
