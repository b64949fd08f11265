/**
 * Text in and out of a model: the {@link org.safemerge.text.Tokenizer} (a Hugging Face {@code tokenizer.json}
 * through DJL's tokenizers binding) and the {@link org.safemerge.text.ChatTemplate} (the Jinja template from
 * {@code tokenizer_config.json}, rendered in a sandbox because templates in a model directory are untrusted input).
 *
 * <p>Ownership: a {@code Tokenizer} owns a native handle and must be closed; a {@code ChatTemplate} holds no native
 * resource.
 */
package org.safemerge.text;
