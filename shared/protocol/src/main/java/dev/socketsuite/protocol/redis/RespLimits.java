package dev.socketsuite.protocol.redis;

/**
 * What one reply may hold before {@link RespParser} refuses it, so a broken or hostile server
 * cannot make a client allocate without bound.
 *
 * @param maxLine     bytes of a status, error or integer line, or of a length
 * @param maxBulk     bytes of one bulk string
 * @param maxElements items of one array
 * @param maxDepth    arrays within arrays
 * @param maxReply    bytes of one whole reply, everything in it counted
 */
public record RespLimits(int maxLine, int maxBulk, int maxElements, int maxDepth, long maxReply) {

    /** Enough for the state's replies (numbers, stream batches of a few thousand entries). */
    public static final RespLimits DEFAULT = new RespLimits(64 * 1024, 1024 * 1024, 64 * 1024, 8, 16L * 1024 * 1024);

    public RespLimits {
        if (maxLine < 3 || maxBulk < 0 || maxElements < 0 || maxDepth < 1 || maxReply < 1) {
            throw new IllegalArgumentException("RESP limits out of range: line " + maxLine + ", bulk " + maxBulk
                    + ", elements " + maxElements + ", depth " + maxDepth + ", reply " + maxReply);
        }
    }
}
