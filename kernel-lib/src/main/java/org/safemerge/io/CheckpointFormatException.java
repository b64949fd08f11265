package org.safemerge.io;

/**
 * A checkpoint file or directory is malformed or unsupported: the input's fault, not the library's.
 *
 * <p>The message names the file, the tensor (where there is one), the rule broken, the value found and what was
 * expected. The CLI maps it, like every {@link IllegalArgumentException}, to exit code 2.
 */
public class CheckpointFormatException extends IllegalArgumentException {
    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
