package io.ioptexplorer.viewmodel.pagetable;

/**
 * The part of the IOVA space the map shows: {@code columns × rows} buckets of {@code 2^bucketShift} bytes from
 * {@code firstIova}, row-major. Zooming halves or doubles the bucket; panning moves by whole rows.
 */
public record MapViewport(long firstIova, int bucketShift, int columns, int rows) {
    public int buckets() {
        return columns * rows;
    }

    /** The IOVA under cell (column, row). */
    public long iovaAt(int column, int row) {
        return firstIova + (((long) row * columns + column) << bucketShift);
    }

    /** Bytes per cell. */
    public long bytesPerBucket() {
        return 1L << bucketShift;
    }

    public long span() {
        return (long) buckets() << bucketShift;
    }

    public MapViewport zoom(int delta, int minShift, int maxShift) {
        int s = Math.max(minShift, Math.min(maxShift, bucketShift - delta));
        long first = firstIova & -((long) columns << s);
        return new MapViewport(first, s, columns, rows); // unsigned: a first IOVA above 2^63 stays where it is
    }

    public MapViewport panRows(int deltaRows, long maxIova) {
        long step = ((long) columns << bucketShift) * deltaRows;
        long first = firstIova + step;
        if (deltaRows < 0 && Long.compareUnsigned(first, firstIova) > 0) {
            first = 0;
        }
        if (Long.compareUnsigned(first, maxIova) > 0) {
            return this;
        }
        return new MapViewport(first, bucketShift, columns, rows);
    }
}
