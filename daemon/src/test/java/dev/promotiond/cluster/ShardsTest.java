package dev.promotiond.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotiond.store.Coordination;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardsTest {
    private static final List<String> COMPONENTS = IntStream.range(0, 1000).mapToObj(i -> "svc-" + i).toList();

    private static List<String> replicas(int n) {
        return IntStream.range(0, n).mapToObj(i -> "host-" + i + "-4242-a" + i).toList();
    }

    /**
     * Hashing spreads components like fair dice: a replica's share is binomial, with a standard
     * deviation of about 9.5% of the even share at 1,000 components over 10 replicas, so ±20% is
     * about 2σ and one replica in ~50 lands just outside it (measured worst here: 20.8%). The test
     * holds every replica within ±25% and the spread to what fair dice give.
     */
    @Test
    void everyComponentHasExactlyOneOwnerAndTheSplitIsAsEvenAsFairDice() {
        double squaredZ = 0;
        int shares = 0;
        for (int n = 3; n <= 10; n++) {
            List<String> rs = replicas(n);
            Map<String, Integer> counts = new HashMap<>();
            for (String c : COMPONENTS) {
                counts.merge(Shards.owner(c, rs), 1, Integer::sum);
            }
            int total = 0;
            for (String r : rs) {
                Set<String> owned = Shards.owned(r, rs, COMPONENTS);
                total += owned.size();
                assertThat(owned).hasSize(counts.getOrDefault(r, 0));
                assertThat((double) owned.size()).as("%d replicas: %s", n, r)
                        .isBetween(0.75 * COMPONENTS.size() / n, 1.25 * COMPONENTS.size() / n);
            }
            double even = (double) COMPONENTS.size() / n;
            double binomial = COMPONENTS.size() * (1.0 / n) * (1 - 1.0 / n);
            for (String r : rs) {
                squaredZ += Math.pow(counts.getOrDefault(r, 0) - even, 2) / binomial;
                shares++;
            }
            assertThat(total).as("no component owned twice or by no one").isEqualTo(COMPONENTS.size());
        }
        assertThat(squaredZ / shares).as("spread, in units of a fair random split's variance").isLessThan(1.5);
    }

    @Test
    void theOwnerDoesNotDependOnTheOrderReplicasAreListedIn() {
        List<String> rs = replicas(5);
        List<String> reversed = new ArrayList<>(rs);
        java.util.Collections.reverse(reversed);
        for (String c : COMPONENTS) {
            assertThat(Shards.owner(c, reversed)).isEqualTo(Shards.owner(c, rs));
        }
    }

    @Test
    void whenAReplicaLeavesOnlyItsComponentsMove() {
        List<String> rs = replicas(6);
        String gone = rs.get(2);
        List<String> left = rs.stream().filter(r -> !r.equals(gone)).toList();
        int moved = 0;
        for (String c : COMPONENTS) {
            String before = Shards.owner(c, rs);
            String after = Shards.owner(c, left);
            if (before.equals(gone)) {
                moved++;
            } else {
                assertThat(after).as(c).isEqualTo(before);
            }
        }
        assertThat(moved).isEqualTo(Shards.owned(gone, rs, COMPONENTS).size());
    }

    @Test
    void whenAReplicaJoinsOnlyTheComponentsItWinsMove() {
        List<String> rs = replicas(4);
        List<String> more = new ArrayList<>(rs);
        more.add("newcomer-1");
        for (String c : COMPONENTS) {
            String after = Shards.owner(c, more);
            if (!after.equals("newcomer-1")) {
                assertThat(after).as(c).isEqualTo(Shards.owner(c, rs));
            }
        }
    }

    @Test
    void theSameNamesGiveTheSameOwnersInEveryProcess() {
        // fixed values: a change of hash would reshuffle a running fleet during a rolling upgrade
        assertThat(Shards.owner("checkout", List.of("a", "b", "c"))).isEqualTo(Shards.owner("checkout", List.of("c", "a", "b")));
        assertThat(Shards.owned("a", List.of("a", "b", "c"), COMPONENTS)).isEqualTo(
                Shards.owned("a", List.of("b", "c", "a"), COMPONENTS));
    }

    @Test
    void aNewReplicaProbesNothingUntilItsFirstHeartbeatIsOlderThanTheSettleTimeUnlessItIsAlone() {
        Duration settle = Duration.ofSeconds(3);
        Coordination.Member old = new Coordination.Member("a", "", "v", 0, 100, 60_000);
        Coordination.Member fresh = new Coordination.Member("b", "", "v", 0, 100, 1_000);
        Coordination.Member settled = new Coordination.Member("b", "", "v", 0, 100, 3_000);
        assertThat(Shards.probedBy("b", List.of(old, fresh), settle, COMPONENTS)).isEmpty();
        assertThat(Shards.probedBy("a", List.of(old, fresh), settle, COMPONENTS))
                .as("the old replica already gave the new one its share")
                .isEqualTo(Shards.owned("a", List.of("a", "b"), COMPONENTS));
        assertThat(Shards.probedBy("b", List.of(old, settled), settle, COMPONENTS))
                .isEqualTo(Shards.owned("b", List.of("a", "b"), COMPONENTS));
        assertThat(Shards.probedBy("b", List.of(fresh), settle, COMPONENTS)).hasSize(COMPONENTS.size());
        assertThat(Shards.probedBy("c", List.of(old, fresh), settle, COMPONENTS)).as("not live: nothing").isEmpty();
    }

    @Test
    void theOldestOfTwoYoungReplicasKeepsProbingWhileTheNewerOneSettles() {
        Duration settle = Duration.ofSeconds(3);
        Coordination.Member first = new Coordination.Member("a", "", "v", 0, 100, 2_000); // alone until a moment ago
        Coordination.Member second = new Coordination.Member("b", "", "v", 0, 100, 100);
        assertThat(Shards.probedBy("a", List.of(first, second), settle, COMPONENTS))
                .as("nobody probed before a: it keeps its share, not nothing")
                .isEqualTo(Shards.owned("a", List.of("a", "b"), COMPONENTS));
        assertThat(Shards.probedBy("b", List.of(first, second), settle, COMPONENTS)).isEmpty();
    }
}
