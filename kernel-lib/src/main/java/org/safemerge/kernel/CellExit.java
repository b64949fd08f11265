package org.safemerge.kernel;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.Arrays;

/**
 * Keeps {@code System.exit} in a cell from killing the kernel: the kernel runs cells in its own JVM, where an exit
 * would end the kernel without a reply (and Java 25 has no SecurityManager to veto it). {@link #rewrite} turns the
 * cell's calls of {@code System.exit(int)}, {@code Runtime.exit(int)} and {@code Runtime.halt(int)} into calls of
 * the methods here, which throw {@link Refused} instead: the cell fails with a clear error and the kernel goes on.
 *
 * <p>Only the cells' own code is rewritten: a library that exits still ends the JVM (the kernel then says so on
 * stderr, see {@link SafeMergeKernel}).
 */
public final class CellExit {
    private static final ClassDesc SELF = ClassDesc.of(CellExit.class.getName());
    private static final ClassDesc RUNTIME = ClassDesc.of("java.lang.Runtime");
    private static final MethodTypeDesc INT_TO_VOID = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int);
    private static final MethodTypeDesc RUNTIME_INT_TO_VOID = MethodTypeDesc.of(ConstantDescs.CD_void, RUNTIME,
            ConstantDescs.CD_int);

    private CellExit() {
    }

    /** What a cell's {@code System.exit} throws. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String call, int status) {
            super(call + "(" + status + ") is not allowed in a notebook cell; restart the kernel instead");
            // The stack starts in the cell, not here.
            StackTraceElement[] stack = getStackTrace();
            setStackTrace(Arrays.stream(stack).filter(f -> !f.getClassName().equals(CellExit.class.getName()))
                    .toArray(StackTraceElement[]::new));
        }
    }

    /** Replaces {@code System.exit(status)} in a cell. */
    public static void exit(int status) {
        throw new Refused("System.exit", status);
    }

    /** Replaces {@code runtime.exit(status)} in a cell. */
    public static void exit(Runtime runtime, int status) {
        throw new Refused("Runtime.exit", status);
    }

    /** Replaces {@code runtime.halt(status)} in a cell. */
    public static void halt(Runtime runtime, int status) {
        throw new Refused("Runtime.halt", status);
    }

    /**
     * @param classFile a class compiled from a cell
     * @return the class with its exit calls redirected here (the same bytes when it makes none)
     */
    static byte[] rewrite(byte[] classFile) {
        ClassFile cf = ClassFile.of();
        ClassModel model = cf.parse(classFile);
        if (!callsExit(model)) {
            return classFile;
        }
        return cf.transformClass(model, ClassTransform.transformingMethodBodies((code, element) -> {
            if (element instanceof InvokeInstruction call && isExit(call)) {
                if (call.opcode() == Opcode.INVOKESTATIC) {
                    code.invokestatic(SELF, "exit", INT_TO_VOID);
                } else {
                    code.invokestatic(SELF, call.name().stringValue(), RUNTIME_INT_TO_VOID);
                }
            } else {
                code.with(element);
            }
        }));
    }

    private static boolean callsExit(ClassModel model) {
        for (MethodModel method : model.methods()) {
            CodeModel code = method.code().orElse(null);
            if (code != null) {
                for (var element : code) {
                    if (element instanceof InvokeInstruction call && isExit(call)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isExit(InvokeInstruction call) {
        String owner = call.owner().asInternalName();
        String name = call.name().stringValue();
        String type = call.type().stringValue();
        if (!type.equals("(I)V")) {
            return false;
        }
        return call.opcode() == Opcode.INVOKESTATIC && owner.equals("java/lang/System") && name.equals("exit")
                || call.opcode() == Opcode.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                && (name.equals("exit") || name.equals("halt"));
    }
}
