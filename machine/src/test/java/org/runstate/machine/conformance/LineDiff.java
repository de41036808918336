package org.runstate.machine.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal line diff (longest common subsequence) for showing one transcript step: common lines
 * prefixed {@code "  "}, expected-only {@code "- "}, actual-only {@code "+ "}. Steps are a few
 * lines long, so the quadratic table is fine.
 */
final class LineDiff {
    private LineDiff() {
    }

    /**
     * Diffs two line lists.
     *
     * @param expected the expected lines
     * @param actual the actual lines
     * @return the merged lines with markers
     */
    static List<String> diff(final List<String> expected, final List<String> actual) {
        int n = expected.size();
        int m = actual.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = expected.get(i).equals(actual.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && expected.get(i).equals(actual.get(j))) {
                out.add("  " + expected.get(i));
                i++;
                j++;
            } else if (j >= m || i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add("- " + expected.get(i));
                i++;
            } else {
                out.add("+ " + actual.get(j));
                j++;
            }
        }
        return out;
    }
}
