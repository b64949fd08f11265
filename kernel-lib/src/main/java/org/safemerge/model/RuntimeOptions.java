package org.safemerge.model;

/**
 * How a {@link LanguageModel} runs.
 *
 * @param device    where: {@link DeviceChoice#AUTO} by default
 * @param precision number type: {@link Precision#FLOAT32} by default; float16 only on a GPU
 * @param batchSize default number of sequences per forward call for generation and scoring (default 32)
 */
public record RuntimeOptions(DeviceChoice device, Precision precision, int batchSize) {
    /** Auto device, float32, batches of 32. */
    public static final RuntimeOptions DEFAULT = new RuntimeOptions(DeviceChoice.AUTO, Precision.FLOAT32, 32);

    public RuntimeOptions {
        if (device == null || precision == null) {
            throw new IllegalArgumentException("device and precision must be set");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
    }

    /** @return the defaults on the CPU */
    public static RuntimeOptions cpu() {
        return DEFAULT.withDevice(DeviceChoice.CPU);
    }

    /** @return a copy with another device */
    public RuntimeOptions withDevice(DeviceChoice d) {
        return new RuntimeOptions(d, precision, batchSize);
    }

    /** @return a copy with another precision */
    public RuntimeOptions withPrecision(Precision p) {
        return new RuntimeOptions(device, p, batchSize);
    }

    /** @return a copy with another batch size */
    public RuntimeOptions withBatchSize(int n) {
        return new RuntimeOptions(device, precision, n);
    }
}
