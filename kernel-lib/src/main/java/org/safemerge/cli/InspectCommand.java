package org.safemerge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.SafetensorsFile;
import org.safemerge.io.TensorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code safemerge inspect PATH [--json]}: validate a checkpoint and list its tensors. */
@Command(name = "inspect", sortOptions = false,
        description = {"Validate a .safetensors file or a Hugging Face model directory and list its tensors.",
                "Example: safemerge inspect datasets/tiny-world/zoo/tiny-instruct"})
public final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "A .safetensors file or a model directory.")
    Path path;

    @Option(names = "--json", description = "Print one JSON object instead of a table (default: ${DEFAULT-VALUE}).")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Checkpoint ckpt = Checkpoint.open(path)) {
            if (json) {
                out.println(toJson(ckpt));
            } else {
                printTable(ckpt, out);
            }
        }
        out.flush();
        return SafeMergeCli.EXIT_OK;
    }

    static String toJson(Checkpoint ckpt) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode tensors = root.putArray("tensors");
        Map<String, String> metadata = new LinkedHashMap<>();
        long total = 0;
        for (SafetensorsFile f : ckpt.files()) {
            f.metadata().forEach(metadata::putIfAbsent);
            for (TensorInfo t : f.tensors()) {
                ObjectNode n = tensors.addObject();
                n.put("name", t.name());
                n.put("dtype", t.dtype().safetensorsName());
                ArrayNode shape = n.putArray("shape");
                for (long d : t.shape()) {
                    shape.add(d);
                }
                n.putArray("data_offsets").add(t.begin()).add(t.end());
                n.put("file", f.path().getFileName().toString());
                total += t.byteSize();
            }
        }
        ObjectNode meta = root.putObject("metadata");
        metadata.forEach(meta::put);
        root.put("total_bytes", total);
        return mapper.writeValueAsString(root);
    }

    static void printTable(Checkpoint ckpt, PrintWriter out) {
        boolean manyFiles = ckpt.files().size() > 1;
        int nameWidth = Math.max(4, ckpt.files().stream().flatMap(f -> f.tensors().stream())
                .mapToInt(t -> t.name().length()).max().orElse(4));
        String format = "%-" + nameWidth + "s  %-11s  %-20s  %10s" + (manyFiles ? "  %s" : "") + "%n";
        out.printf(format, "name", "dtype", "shape", "size", "file");
        long total = 0;
        long params = 0;
        int count = 0;
        for (SafetensorsFile f : ckpt.files()) {
            for (TensorInfo t : f.tensors()) {
                out.printf(format, t.name(), t.dtype(), t.spec().shapeString(), Bytes.format(t.byteSize()),
                        f.path().getFileName());
                total += t.byteSize();
                params += t.numel();
                count++;
            }
        }
        out.printf("%d tensors, %,d parameters, %s in %d file(s)%s%n", count, params, Bytes.format(total),
                ckpt.files().size(), ckpt.hasConfig() ? ", architecture " + ckpt.config().architecture() : "");
        if (!ckpt.aliases().isEmpty()) {
            ckpt.aliases().forEach((a, t) -> out.printf("%s is tied to %s%n", a, t));
        }
    }
}
