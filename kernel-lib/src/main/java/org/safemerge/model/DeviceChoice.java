package org.safemerge.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Where a model runs: {@code auto} (a GPU when DJL finds one, else the CPU), {@code cpu} or {@code gpu}. */
public enum DeviceChoice {
    AUTO, CPU, GPU;

    /**
     * @return the DJL device for this choice
     * @throws IllegalArgumentException if a GPU is asked for and DJL finds none
     */
    public Device resolve() {
        Engine engine = engine();
        if (this == CPU) {
            return Device.cpu();
        }
        int gpus = GpuCount.VALUE;
        return switch (this) {
            case CPU -> Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalArgumentException("--device gpu: DJL's " + engine.getEngineName()
                            + " engine finds no GPU on this machine (a CUDA build of libtorch is needed); use"
                            + " --device cpu or auto");
                }
                yield Device.gpu();
            }
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
        };
    }

    /** Asked once per JVM: DJL probes CUDA and logs a warning on every failed probe. */
    private static final class GpuCount {
        static final int VALUE = engine().getGpuCount();
    }

    /**
     * @return the PyTorch engine
     * @throws IllegalStateException if it is not on the class path (DJL would otherwise hand out a passthrough
     *                               manager whose operations fail late)
     */
    static Engine engine() {
        Engine engine = null;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (IllegalArgumentException e) {
            // DJL's "engine not found": reported below in our words
        }
        if (engine == null) {
            throw new IllegalStateException("No DJL engine on the classpath; add ai.djl.pytorch:pytorch-engine");
        }
        return engine;
    }
}
