package org.runstate.stress;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.TestGrading;

/**
 * {@code java -jar stress/target/jcstress.jar [jcstress options]}: runs the jcstress tests of this
 * module exactly as jcstress's own {@code Main} does, then reads the results back and exits with
 * status 1 if any test saw a FORBIDDEN outcome, failed to run, or if no test ran at all. (jcstress
 * 0.16's {@code Main} always exits 0, which would let {@code mvn verify} pass on a broken proof.)
 */
public final class StressMain {
    private StressMain() {
    }

    /**
     * Runs the tests.
     *
     * @param args jcstress's options, e.g. {@code -m quick}, {@code -t AtomicRunState}
     * @throws Exception if jcstress itself fails
     */
    public static void main(final String[] args) throws Exception {
        Options opts = new Options(args);
        if (!opts.parse()) {
            System.exit(1);
        }
        if (opts.shouldList() || opts.shouldParse()) {
            JCStress j = new JCStress(opts);
            if (opts.shouldList()) {
                j.getTests().forEach(System.out::println);
            } else {
                j.parseResults();
            }
            return;
        }
        new JCStress(opts).run();

        InProcessCollector results = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(opts.getResultFile(), results);
        try {
            reader.dump();
        } finally {
            reader.close();
        }
        int runs = 0;
        List<String> failed = new ArrayList<>();
        for (TestResult r : results.getTestResults()) {
            runs++;
            TestGrading g = r.grading();
            if (r.status() != Status.NORMAL || !g.isPassed) {
                failed.add(r.getName() + " [" + r.status() + "] " + String.join("; ", g.failureMessages));
            }
        }
        System.out.println("jcstress verdict: " + (runs - failed.size()) + " of " + runs + " test runs passed");
        failed.forEach(f -> System.out.println("  FAILED " + f));
        if (runs == 0 || !failed.isEmpty()) {
            System.exit(1);
        }
    }
}
