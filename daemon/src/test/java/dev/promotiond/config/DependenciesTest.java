package dev.promotiond.config;

import static dev.promotiond.config.ConfigProblemsTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DependenciesTest {
    @Test
    void dependenciesMustNameAnotherComponentInTheFile() {
        assertThat(problems("""
                components:
                  - name: api
                    stage: Staging
                    dependencies: [api, redis, db, db]
                  - name: db
                    stage: Staging
                """)).containsExactly(
                "promotiond.yaml:4:20: components[0].dependencies[0]: a component cannot depend on itself",
                "promotiond.yaml:4:25: components[0].dependencies[1]: unknown component \"redis\" (known: api, db)",
                "promotiond.yaml:4:36: components[0].dependencies[3]: \"db\" is listed twice (first at line 4)");
    }

    @Test
    void aCycleIsReportedOnceWithItsPath() {
        assertThat(problems("""
                components:
                  - name: a
                    stage: Staging
                    dependencies: [b]
                  - name: b
                    stage: Staging
                    dependencies:
                      - c
                  - name: c
                    stage: Staging
                    dependencies:
                      - a
                """)).containsExactly("promotiond.yaml:12:9: components[2].dependencies[0]: dependency cycle a -> b -> c -> a");
    }

    @Test
    void separateCyclesAreEachReported() {
        assertThat(problems("""
                components:
                  - {name: a, stage: Staging, dependencies: [b]}
                  - {name: b, stage: Staging, dependencies: [a]}
                  - {name: c, stage: Staging, dependencies: [a, d]}
                  - {name: d, stage: Staging, dependencies: [c]}
                """)).containsExactly(
                "promotiond.yaml:3:46: components[1].dependencies[0]: dependency cycle a -> b -> a",
                "promotiond.yaml:5:46: components[3].dependencies[0]: dependency cycle c -> d -> c");
    }

    @Test
    void aSharedDependencyIsNotACycle() throws Exception {
        assertThat(ConfigLoader.parse("""
                components:
                  - {name: app, stage: Staging, dependencies: [api, db]}
                  - {name: api, stage: Staging, dependencies: [db]}
                  - {name: db, stage: Staging}
                """, Path.of("promotiond.yaml")).components()).hasSize(3);
    }
}
