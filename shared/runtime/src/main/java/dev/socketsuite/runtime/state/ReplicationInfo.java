package dev.socketsuite.runtime.state;

/**
 * What {@code INFO replication} says of a server: whether it is a primary, how many replicas
 * are online on it, and its replication id, which changes when it restarts or another server
 * takes over as primary.
 */
record ReplicationInfo(boolean primary, int onlineReplicas, String replicationId) {

    static ReplicationInfo parse(String info) {
        boolean primary = false;
        int online = 0;
        String id = "";
        for (var line : info.split("\r?\n")) {
            if (line.equals("role:master")) {
                primary = true;
            } else if (line.startsWith("master_replid:")) {
                id = line.substring("master_replid:".length()).trim();
            } else if (line.startsWith("slave") && line.contains(":") && line.contains("state=online")) {
                online++;
            }
        }
        return new ReplicationInfo(primary, online, id);
    }

    /** Why this server cannot take writes that {@code minReplicas} replicas must hold, or null when it can. */
    String problem(int minReplicas) {
        if (!primary) {
            return "it is a replica, not the primary";
        }
        if (onlineReplicas < minReplicas) {
            return "the primary has " + onlineReplicas + " of the " + minReplicas + " replicas it needs online";
        }
        return null;
    }
}
