package dev.decisioning.engine.tableindex;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Per-column indexes over a decision table's input entries, answering "which rows could match these inputs?" without
 * running FEEL on every row. The answer is always a superset of the rows that match: an entry the index does not
 * understand keeps its row a candidate for that column, and a null input or an input of another type than the
 * column's entries keeps every row a candidate. FEEL then decides the candidates, so the table's answer is the same as
 * a full scan.
 */
public final class TableIndex {
    /** Above this many row-region memberships a numeric column is left unindexed, to bound memory. */
    private static final int MAX_NUMERIC_MEMBERSHIPS = 2_000_000;

    private final int rows;
    private final Column[] columns;
    /** Per row, the first column whose entry FEEL alone can decide (columns.length when none). */
    private final int[] firstUnindexed;
    /** Rows with such an entry, ascending. */
    private final int[] partlyIndexed;

    private TableIndex(int rows, Column[] columns, int[] firstUnindexed, int[] partlyIndexed) {
        this.rows = rows;
        this.columns = columns;
        this.firstUnindexed = firstUnindexed;
        this.partlyIndexed = partlyIndexed;
    }

    /** {@code entries[row][column]}: every row's parsed input entries. */
    public static TableIndex of(InputEntry[][] entries, int columnCount) {
        int rows = entries.length;
        Column[] columns = new Column[columnCount];
        for (int c = 0; c < columnCount; c++) {
            columns[c] = column(entries, c);
        }
        int[] firstUnindexed = new int[rows];
        List<Integer> partly = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            firstUnindexed[r] = columnCount;
            for (int c = 0; c < columnCount; c++) {
                InputEntry entry = entries[r][c];
                boolean indexed = entry instanceof InputEntry.Any
                        || (columns[c] != null && !columns[c].isAlways[r]);
                if (!indexed) {
                    firstUnindexed[r] = c;
                    partly.add(r);
                    break;
                }
            }
        }
        return new TableIndex(rows, columns, firstUnindexed, partly.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Whether the index alone decides every entry of the row: each is "-" or an entry it reads exactly. Such a row,
     * among the candidates for inputs of the columns' own types, is known to match.
     */
    public boolean decidesWholeRow(int row) {
        return firstUnindexed[row] == columns.length;
    }

    /** Whether any column can narrow the rows at all. */
    public boolean narrows() {
        for (Column column : columns) {
            if (column != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Row positions (0-based, ascending) that could match the given input values; null when every row is a
     * candidate.
     *
     * <p>Drools tests a row's entries left to right and stops at the first that fails. A row is ruled out here only
     * in a way that skips nothing Drools would have run with an effect: by indexed entries, which are decided exactly
     * and silently for inputs of their own type, and for a row with an entry only FEEL can decide, only by a column
     * left of that entry. An input of another type than its column (or null) turns narrowing off for the call, since
     * Drools may report or fail on such comparisons.
     */
    public int[] candidates(Object[] inputs) {
        int[][] specific = new int[columns.length][];
        int driving = -1;
        int best = Integer.MAX_VALUE;
        for (int c = 0; c < columns.length; c++) {
            Column column = columns[c];
            if (column == null) {
                continue;
            }
            int[] rowsFor = c < inputs.length ? column.rowsFor(inputs[c]) : null;
            if (rowsFor == null) {
                return null;
            }
            specific[c] = rowsFor;
            int size = rowsFor.length + column.always.length;
            if (size < best) {
                best = size;
                driving = c;
            }
        }
        if (driving < 0) {
            return null;
        }
        int[] fromDriving = merge(specific[driving], columns[driving].always);
        int kept = 0;
        for (int row : fromDriving) {
            if (firstUnindexed[row] == columns.length && holdsLeftOf(columns.length, row, specific)) {
                fromDriving[kept++] = row;
            }
        }
        int[] partly = new int[partlyIndexed.length];
        int keptPartly = 0;
        for (int row : partlyIndexed) {
            if (holdsLeftOf(firstUnindexed[row], row, specific)) {
                partly[keptPartly++] = row;
            }
        }
        int[] all = merge(Arrays.copyOf(fromDriving, kept), Arrays.copyOf(partly, keptPartly));
        return all.length == rows ? null : all;
    }

    /** Whether no indexed entry of the row, left of column {@code limit}, rules it out. */
    private boolean holdsLeftOf(int limit, int row, int[][] specific) {
        for (int c = 0; c < limit; c++) {
            if (specific[c] != null && !columns[c].isAlways[row] && Arrays.binarySearch(specific[c], row) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int[] merge(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            out[k++] = a[i] < b[j] ? a[i++] : b[j++];
        }
        while (i < a.length) {
            out[k++] = a[i++];
        }
        while (j < b.length) {
            out[k++] = b[j++];
        }
        return out;
    }

    private static Column column(InputEntry[][] entries, int c) {
        int rows = entries.length;
        int strings = 0;
        int booleans = 0;
        int numbers = 0;
        for (InputEntry[] row : entries) {
            InputEntry entry = row[c];
            if (entry instanceof InputEntry.Strings) {
                strings++;
            } else if (entry instanceof InputEntry.Booleans) {
                booleans++;
            } else if (entry instanceof InputEntry.Numbers) {
                numbers++;
            }
        }
        // The column's kind is what most indexable entries are; rows of another kind stay candidates.
        int most = Math.max(strings, Math.max(booleans, numbers));
        if (most == 0) {
            return null;
        }
        boolean[] isAlways = new boolean[rows];
        if (most == numbers) {
            return NumberColumn.of(entries, c, isAlways);
        }
        Class<?> kind = most == strings ? InputEntry.Strings.class : InputEntry.Booleans.class;
        Map<Object, List<Integer>> byValue = new HashMap<>();
        for (int r = 0; r < rows; r++) {
            InputEntry entry = entries[r][c];
            if (!kind.isInstance(entry)) {
                isAlways[r] = true;
                continue;
            }
            Iterable<?> values = entry instanceof InputEntry.Strings s ? s.values() : ((InputEntry.Booleans) entry).values();
            for (Object value : values) {
                byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(r);
            }
        }
        Map<Object, int[]> index = new HashMap<>();
        byValue.forEach((value, list) -> index.put(value, list.stream().mapToInt(Integer::intValue).toArray()));
        return new ValueColumn(isAlways, always(isAlways), index, kind == InputEntry.Strings.class ? String.class : Boolean.class);
    }

    private static int[] always(boolean[] isAlways) {
        int count = 0;
        for (boolean b : isAlways) {
            if (b) {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int r = 0; r < isAlways.length; r++) {
            if (isAlways[r]) {
                out[k++] = r;
            }
        }
        return out;
    }

    private abstract static class Column {
        final boolean[] isAlways;
        final int[] always;

        Column(boolean[] isAlways, int[] always) {
            this.isAlways = isAlways;
            this.always = always;
        }

        /** Rows whose indexed entry holds for the value (ascending), or null when the value cannot be looked up. */
        abstract int[] rowsFor(Object value);
    }

    private static final class ValueColumn extends Column {
        private static final int[] NONE = new int[0];
        private final Map<Object, int[]> index;
        private final Class<?> type;

        ValueColumn(boolean[] isAlways, int[] always, Map<Object, int[]> index, Class<?> type) {
            super(isAlways, always);
            this.index = index;
            this.type = type;
        }

        @Override
        int[] rowsFor(Object value) {
            if (!type.isInstance(value)) {
                return null;
            }
            return index.getOrDefault(value, NONE);
        }
    }

    /**
     * Numeric entries as intervals over the line cut at every bound: region 2i+1 is the bound itself, region 2i the
     * open stretch before it. Each region lists the rows whose intervals cover it, so a lookup is one binary search.
     */
    private static final class NumberColumn extends Column {
        private final BigDecimal[] bounds;
        private final int[][] regions;

        private NumberColumn(boolean[] isAlways, int[] always, BigDecimal[] bounds, int[][] regions) {
            super(isAlways, always);
            this.bounds = bounds;
            this.regions = regions;
        }

        public static Column of(InputEntry[][] entries, int c, boolean[] isAlways) {
            int rows = entries.length;
            TreeSet<BigDecimal> cuts = new TreeSet<>();
            for (InputEntry[] row : entries) {
                if (row[c] instanceof InputEntry.Numbers numbers) {
                    for (InputEntry.Interval interval : numbers.intervals()) {
                        if (interval.low() != null) {
                            cuts.add(interval.low());
                        }
                        if (interval.high() != null) {
                            cuts.add(interval.high());
                        }
                    }
                }
            }
            BigDecimal[] bounds = cuts.toArray(BigDecimal[]::new);
            int regionCount = 2 * bounds.length + 1;
            int[][] spans = new int[rows][];
            long memberships = 0;
            int[] sizes = new int[regionCount];
            for (int r = 0; r < rows; r++) {
                if (!(entries[r][c] instanceof InputEntry.Numbers numbers)) {
                    isAlways[r] = true;
                    continue;
                }
                // Regions this row covers, as [from, to] pairs, merged so a row is listed once per region.
                List<int[]> pairs = new ArrayList<>();
                for (InputEntry.Interval interval : numbers.intervals()) {
                    int from = interval.low() == null ? 0
                            : 2 * Arrays.binarySearch(bounds, interval.low()) + (interval.lowIncluded() ? 1 : 2);
                    int to = interval.high() == null ? regionCount - 1
                            : 2 * Arrays.binarySearch(bounds, interval.high()) + (interval.highIncluded() ? 1 : 0);
                    if (from <= to) {
                        pairs.add(new int[] {from, to});
                    }
                }
                pairs = merged(pairs);
                int[] flat = new int[pairs.size() * 2];
                for (int p = 0; p < pairs.size(); p++) {
                    flat[2 * p] = pairs.get(p)[0];
                    flat[2 * p + 1] = pairs.get(p)[1];
                    memberships += pairs.get(p)[1] - pairs.get(p)[0] + 1;
                    for (int g = pairs.get(p)[0]; g <= pairs.get(p)[1]; g++) {
                        sizes[g]++;
                    }
                }
                spans[r] = flat;
                if (memberships > MAX_NUMERIC_MEMBERSHIPS) {
                    return null;
                }
            }
            int[][] regions = new int[regionCount][];
            for (int g = 0; g < regionCount; g++) {
                regions[g] = new int[sizes[g]];
            }
            int[] filled = new int[regionCount];
            for (int r = 0; r < rows; r++) {
                if (spans[r] == null) {
                    continue;
                }
                for (int p = 0; p < spans[r].length; p += 2) {
                    for (int g = spans[r][p]; g <= spans[r][p + 1]; g++) {
                        regions[g][filled[g]++] = r; // rows arrive in order, so each region stays ascending
                    }
                }
            }
            return new NumberColumn(isAlways, always(isAlways), bounds, regions);
        }

        /** Overlapping or touching [from, to] pairs joined, in order. */
        private static List<int[]> merged(List<int[]> pairs) {
            if (pairs.size() < 2) {
                return pairs;
            }
            pairs.sort((a, b) -> Integer.compare(a[0], b[0]));
            List<int[]> merged = new ArrayList<>();
            int[] current = pairs.get(0).clone();
            for (int[] pair : pairs.subList(1, pairs.size())) {
                if (pair[0] <= current[1] + 1) {
                    current[1] = Math.max(current[1], pair[1]);
                } else {
                    merged.add(current);
                    current = pair.clone();
                }
            }
            merged.add(current);
            return merged;
        }

        @Override
        int[] rowsFor(Object value) {
            if (!(value instanceof BigDecimal number)) {
                return null; // FEEL numbers are BigDecimal; anything else is left to FEEL
            }
            int found = Arrays.binarySearch(bounds, number);
            return regions[found >= 0 ? 2 * found + 1 : 2 * (-found - 1)];
        }
    }
}
