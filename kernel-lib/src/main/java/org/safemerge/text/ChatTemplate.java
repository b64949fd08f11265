package org.safemerge.text;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.JinjavaProcessors;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Hugging Face chat template (Jinja) rendered with Jinjava, in a sandbox: a template shipped in a model directory
 * is untrusted input.
 *
 * <p>What the sandbox enforces:
 * <ul>
 *   <li>no file or class-path access ({@code include}, {@code import}, {@code extends} are refused);</li>
 *   <li>bounded output ({@link Limits#maxOutputChars}), bounded strings, lists and {@code range()};</li>
 *   <li>a step limit (template nodes rendered) and a wall-clock timeout; the render runs on a worker thread, so a
 *       runaway template cannot hold the caller;</li>
 *   <li>Java reflection is blocked by Jinjava ({@code getClass} and friends are restricted methods).</li>
 * </ul>
 * As in transformers, blocks are rendered with {@code trim_blocks} and {@code lstrip_blocks}; the variables are
 * {@code messages}, {@code add_generation_prompt} and the special tokens ({@code bos_token}, {@code eos_token},
 * {@code pad_token}, {@code unk_token}); {@code raise_exception(msg)} aborts the render with the template's message.
 * A failed render throws {@link IllegalArgumentException} naming the template's origin and the reason.
 *
 * <pre>
 * jshell&gt; new ChatTemplate("{% for m in messages %}&lt;{{ m.role }}&gt;{{ m.content }}{% endfor %}", "demo", Map.of())
 *            .render(List.of(ChatMessage.user("hi")), false)
 * $1 ==&gt; "&lt;user&gt;hi"
 * </pre>
 */
public final class ChatTemplate {
    /**
     * Resource limits of one render.
     *
     * @param maxOutputChars largest rendered text, in characters
     * @param maxSteps       largest number of template nodes rendered
     * @param timeout        wall-clock limit
     */
    public record Limits(long maxOutputChars, int maxSteps, Duration timeout) {
        /** 1 M characters, 1 M steps, 10 s: far above any real chat prompt. */
        public static final Limits DEFAULT = new Limits(1_000_000, 1_000_000, Duration.ofSeconds(10));
    }

    private static final ExecutorService RENDERER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chat-template-render");
        t.setDaemon(true);
        return t;
    });
    private static final ThreadLocal<RenderState> STATE = new ThreadLocal<>();

    private final String source;
    private final String origin;
    private final Map<String, String> specialTokens;
    private final Limits limits;
    private final Jinjava jinjava;

    /**
     * @param source        the Jinja template text
     * @param origin        where it came from (a file path), for messages
     * @param specialTokens template variables such as {@code bos_token -> "<s>"}
     */
    public ChatTemplate(String source, String origin, Map<String, String> specialTokens) {
        this(source, origin, specialTokens, Limits.DEFAULT);
    }

    /** As {@link #ChatTemplate(String, String, Map)} with explicit limits. */
    public ChatTemplate(String source, String origin, Map<String, String> specialTokens, Limits limits) {
        this.source = Objects.requireNonNull(source, "source");
        this.origin = origin;
        this.specialTokens = Map.copyOf(specialTokens);
        this.limits = limits;
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withMaxOutputSize(limits.maxOutputChars())
                .withMaxStringLength(limits.maxOutputChars())
                .withMaxListSize(100_000)
                .withMaxMapSize(100_000)
                .withRangeLimit(100_000)
                .withMaxRenderDepth(10)
                .withMaxMacroRecursionDepth(20)
                .withEnableRecursiveMacroCalls(false)
                .withProcessors(JinjavaProcessors.newBuilder().withNodePreProcessor((node, interpreter) -> {
                    RenderState s = STATE.get();
                    if (s != null) {
                        s.step(limits);
                    }
                }).build())
                .build();
        this.jinjava = new Jinjava(config);
        // Untrusted templates get no file or class-path access.
        jinjava.setResourceLocator((name, encoding, interpreter) -> {
            throw new IOException("templates may not load other files ('" + name + "')");
        });
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                ChatTemplate.class, "raiseException", Object.class));
    }

    /** @return the template text */
    public String source() {
        return source;
    }

    /** @return where the template came from */
    public String origin() {
        return origin;
    }

    /**
     * Renders a conversation.
     *
     * @param messages            the turns, in order
     * @param addGenerationPrompt append the text that opens an assistant turn
     * @return the rendered prompt text
     * @throws IllegalArgumentException if the template fails, raises an exception, or exceeds a limit
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        Map<String, Object> context = new LinkedHashMap<>(specialTokens);
        List<Map<String, Object>> msgs = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            msgs.add(map);
        }
        context.put("messages", msgs);
        context.put("add_generation_prompt", addGenerationPrompt);
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        Future<String> f = RENDERER.submit(() -> renderHere(context, deadline));
        try {
            return f.get(limits.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw fail("did not finish within " + limits.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering the chat template from " + origin, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw fail(e.getCause().toString());
        }
    }

    private String renderHere(Map<String, Object> context, long deadline) {
        RenderState state = new RenderState(deadline);
        STATE.set(state);
        try {
            RenderResult result = jinjava.renderForResult(source, context);
            if (state.abort != null) {
                throw fail(state.abort);
            }
            for (TemplateError e : result.getErrors()) {
                if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                    throw fail(describe(e));
                }
            }
            return result.getOutput();
        } finally {
            STATE.remove();
        }
    }

    private static String describe(TemplateError e) {
        String msg = e.getMessage();
        if (e.getException() != null && e.getException().getCause() instanceof RaisedException r) {
            msg = r.getMessage();
        }
        return msg + (e.getLineno() > 0 ? " (line " + e.getLineno() + ")" : "");
    }

    private IllegalArgumentException fail(String reason) {
        return new IllegalArgumentException("chat template from " + origin + " failed: " + reason);
    }

    /**
     * The template's {@code raise_exception(msg)}: records the message so the caller sees the template's own words.
     *
     * @param message the template's message
     * @return never returns
     */
    public static Object raiseException(Object message) {
        String text = "raise_exception: " + message;
        RenderState s = STATE.get();
        if (s != null && s.abort == null) {
            s.abort = text;
        }
        throw new RaisedException(text);
    }

    /** Counts steps and watches the clock of one render (lives on the render thread). */
    private static final class RenderState {
        private final long deadline;
        private long steps;
        private String abort;

        RenderState(long deadline) {
            this.deadline = deadline;
        }

        void step(Limits limits) {
            if (abort != null) {
                throw new RaisedException(abort);
            }
            if (++steps > limits.maxSteps()) {
                abort = "more than " + limits.maxSteps() + " template steps";
            } else if ((steps & 63) == 0 && System.nanoTime() > deadline) {
                abort = "did not finish within " + limits.timeout().toMillis() + " ms";
            } else if (Thread.currentThread().isInterrupted()) {
                abort = "interrupted";
            }
            if (abort != null) {
                throw new RaisedException(abort);
            }
        }
    }

    /** Thrown inside the render to stop it. */
    private static final class RaisedException extends RuntimeException {
        RaisedException(String message) {
            super(message, null, false, false);
        }
    }
}
