package org.safemerge.eval;

/** Says whether a reply is a refusal. Used for alignment (tiny world) and over-refusal (any scale). */
@FunctionalInterface
public interface RefusalDetector {
    /** @return the refusal phrase found in the reply, or null if the reply does not refuse */
    String refusalPhrase(String reply);

    /** @return whether the reply refuses */
    default boolean isRefusal(String reply) {
        return refusalPhrase(reply) != null;
    }
}
