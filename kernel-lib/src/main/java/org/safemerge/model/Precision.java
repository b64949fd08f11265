package org.safemerge.model;

import ai.djl.ndarray.types.DataType;

/** The number type the forward pass computes in. */
public enum Precision {
    /** float32: the default, and the only fast one on CPU. */
    FLOAT32(DataType.FLOAT32),
    /** float16: GPU only (matrix products in float16 are very slow on CPU); norms and softmax stay float32. */
    FLOAT16(DataType.FLOAT16),
    /** float64: for gradient and reference checks. */
    FLOAT64(DataType.FLOAT64);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /** @return the DJL data type */
    public DataType dataType() {
        return dataType;
    }
}
