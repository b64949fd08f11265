package org.safemerge.text;

import java.util.Objects;

/**
 * One turn of a conversation, as chat templates see it: {@code {"role": ..., "content": ...}}.
 *
 * @param role    "system", "user" or "assistant" (templates may accept others)
 * @param content the text of the turn
 */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** @return a user turn */
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    /** @return an assistant turn */
    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }

    /** @return a system turn */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }
}
