package io.github.twofold.benchmark;

import io.github.twofold.code.BackupCodeFormat;
import io.github.twofold.code.BackupCodeHashes;
import io.github.twofold.code.CodeInput;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What checking a typed backup code costs, by the number of codes in the set: the check the login
 * step runs ({@link BackupCodeHashes#check}, with the production iteration count), for the right
 * code of the last slot, a wrong code and a code naming a slot past the end. Expected: flat.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BackupCodeCheckBenchmark {

    @Param({"1", "10", "20"})
    public int codes;

    private List<String> hashes;
    private int offset;
    private String right;
    private String wrong;

    @Setup
    public void setUp() {
        BackupCodeFormat.GeneratedSet set = BackupCodeFormat.generate(codes);
        hashes = BackupCodeHashes.hash(set.codes(), BackupCodeHashes.ITERATIONS);
        offset = set.offset();
        right = BackupCodeFormat.display(set.codes().get(codes - 1)).toLowerCase();
        String last = set.codes().get(codes - 1);
        wrong = last.substring(0, 15) + (last.charAt(15) == '0' ? '1' : '0');
    }

    @Benchmark
    public int rightCode() {
        return BackupCodeHashes.check(hashes, offset, BackupCodeHashes.ITERATIONS, CodeInput.alphanumeric(right, BackupCodeFormat.LENGTH));
    }

    @Benchmark
    public int wrongCode() {
        return BackupCodeHashes.check(hashes, offset, BackupCodeHashes.ITERATIONS, wrong);
    }
}
