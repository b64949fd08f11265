package org.safemerge.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;

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
                if (!engine.hasCapability(StandardCapabilities.CUDA)) {
                    throw new IllegalArgumentException("--device gpu: the libtorch DJL loaded is a CPU build (the"
                            + " class path has pytorch-native-cpu; a CUDA build is needed); use --device cpu or auto");
                }
                if (gpus == 0) {
                    throw new IllegalArgumentException("--device gpu: DJL's " + engine.getEngineName()
                            + " engine finds no GPU on this machine; use --device cpu or auto");
                }
                yield Device.gpu();
            }
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
        };
    }

    /**
     * GPUs usable by the loaded libtorch, asked once per JVM (DJL logs a warning on every failed CUDA probe). A
     * GPU on the machine does not count when libtorch is a CPU build.
     */
    private static final class GpuCount {
        static final int VALUE = engine().hasCapability(StandardCapabilities.CUDA) ? engine().getGpuCount() : 0;
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
