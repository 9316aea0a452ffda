/**
 * Replicas sharing one store: membership and the leadership lease with its fencing epoch
 * ({@link dev.promotiond.cluster.Replica}), probing shared out by rendezvous hashing
 * ({@link dev.promotiond.cluster.ShardedProbing}), the leader's decisions published for every
 * replica to answer from ({@link dev.promotiond.cluster.PublishedDecisions}), and what a replica
 * answers while the store is unreachable ({@link dev.promotiond.cluster.StoreOutage}). The
 * composition root in {@code app} wires them; nothing here starts a thread of its own.
 */
package dev.promotiond.cluster;
