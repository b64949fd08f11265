package org.safemerge.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {
    private static final Map<String, String> TOKENS = Map.of("bos_token", "<s>", "eos_token", "</s>");
    private static final List<ChatMessage> PAIR = List.of(ChatMessage.user(" hi there "), ChatMessage.assistant("yo"));

    /** Qwen2's ChatML template, as published in its tokenizer_config.json. */
    private static final String CHATML = "{% for message in messages %}{% if loop.first and messages[0]['role'] !="
            + " 'system' %}{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}"
            + "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** Llama 3 Instruct's template (uses the trim filter and set). */
    private static final String LLAMA3 = "{% set loop_messages = messages %}{% for message in loop_messages %}"
            + "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content']"
            + " | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}"
            + "{{ content }}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

    /** Mistral Instruct v0.2's template (raises on non-alternating roles). */
    private static final String MISTRAL = "{{ bos_token }}{% for message in messages %}{% if (message['role'] =="
            + " 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate"
            + " user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' +"
            + " message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] +"
            + " eos_token}}{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}"
            + "{% endfor %}";

    @Test
    void rendersPublishedTemplatesLikeJinja2() {
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n hi there "
                        + "<|im_end|>\n<|im_start|>assistant\nyo<|im_end|>\n<|im_start|>assistant\n",
                new ChatTemplate(CHATML, "chatml", TOKENS).render(PAIR, true));
        assertEquals("<s><|start_header_id|>user<|end_header_id|>\n\nhi there<|eot_id|><|start_header_id|>assistant"
                        + "<|end_header_id|>\n\nyo<|eot_id|>",
                new ChatTemplate(LLAMA3, "llama3", TOKENS).render(PAIR, false));
        assertEquals("<s>[INST]  hi there  [/INST]yo</s>", new ChatTemplate(MISTRAL, "mistral", TOKENS).render(PAIR,
                true));
    }

    @Test
    void trimsAndStripsBlocksAsTransformersDoes() {
        String t = "{% for m in messages %}\n  {% if m.role == 'user' %}\n[{{ m.content }}]\n  {% endif %}\n"
                + "{% endfor %}\n";
        assertEquals("[ hi there ]\n", new ChatTemplate(t, "t", TOKENS).render(PAIR, false));
    }

    @Test
    void raiseExceptionReportsTheTemplatesMessage() {
        List<ChatMessage> bad = List.of(ChatMessage.assistant("first"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChatTemplate(MISTRAL, "models/m/tokenizer_config.json", TOKENS).render(bad, false));
        assertEquals("chat template from models/m/tokenizer_config.json failed: raise_exception: Conversation roles"
                + " must alternate user/assistant/user/assistant/...", e.getMessage());
    }

    @Test
    void refusesFileAccessAndReflection() {
        IllegalArgumentException include = assertThrows(IllegalArgumentException.class,
                () -> new ChatTemplate("{% include '/etc/passwd' %}", "t", TOKENS).render(PAIR, false));
        assertTrue(include.getMessage().contains("may not load other files"), include.getMessage());
        IllegalArgumentException reflect = assertThrows(IllegalArgumentException.class,
                () -> new ChatTemplate("{{ messages[0].content.getClass() }}", "t", TOKENS).render(PAIR, false));
        assertTrue(reflect.getMessage().startsWith("chat template from t failed"), reflect.getMessage());
    }

    @Test
    void boundsOutputStepsAndTime() {
        String big = "{% for i in range(1000) %}{% for j in range(1000) %}xxxxxxxxxx{% endfor %}{% endfor %}";
        ChatTemplate.Limits small = new ChatTemplate.Limits(10_000, 1_000_000_000, Duration.ofSeconds(30));
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
                () -> new ChatTemplate(big, "t", TOKENS, small).render(PAIR, false));
        assertTrue(out.getMessage().startsWith("chat template from t failed"), out.getMessage());

        ChatTemplate.Limits fewSteps = new ChatTemplate.Limits(1_000_000_000, 500, Duration.ofSeconds(30));
        IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
                () -> new ChatTemplate(big, "t", TOKENS, fewSteps).render(PAIR, false));
        assertEquals("chat template from t failed: more than 500 template steps", steps.getMessage());

        ChatTemplate.Limits quick = new ChatTemplate.Limits(1_000_000_000, 1_000_000_000, Duration.ofMillis(50));
        IllegalArgumentException slow = assertThrows(IllegalArgumentException.class,
                () -> new ChatTemplate(big, "t", TOKENS, quick).render(PAIR, false));
        assertTrue(slow.getMessage().contains("did not finish within 50 ms"), slow.getMessage());
    }

    @Test
    void syntaxErrorNamesTheOrigin() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChatTemplate("{{ foo( }}", "dir/chat_template.jinja", TOKENS).render(PAIR, false));
        assertTrue(e.getMessage().startsWith("chat template from dir/chat_template.jinja failed: "), e.getMessage());
    }
}
