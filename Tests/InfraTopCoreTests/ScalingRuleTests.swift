import Foundation
import Testing
@testable import InfraTopCore
@testable import InfraTopBasics
@testable import InfraTopKafka
@testable import InfraTopKubernetes

private let now = Date(timeIntervalSince1970: 1_795_000_000)
private let client = Endpoint(host: "kafka-client", port: 9092)

private func snapshot(kafka sample: KafkaSample? = nil, kubernetes state: KubernetesState? = nil) -> Snapshot {
    var snapshot = Snapshot(takenAt: now, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2, sources: [:])
    snapshot.kafka = sample.map { KafkaState(sample: $0, previous: nil) }
    snapshot.kubernetes = state
    return snapshot
}

private func kafkaSample(brokers: [Int32], leaders: [Int32], configs: [Int32: [String: String]] = [:]) -> KafkaSample {
    KafkaSample(
        takenAt: now, metadataFrom: client, controllerID: brokers.first,
        brokers: brokers.map { KafkaSample.Broker(id: $0, advertised: Endpoint(host: "kafka-\($0)", port: 9092), address: Endpoint(host: "kafka-\($0)", port: 9092)) },
        topics: [KafkaSample.Topic(name: "orders", partitions: leaders.enumerated().map { index, leader in
            KafkaSample.Partition(index: Int32(index), leader: leader, replicas: brokers, isr: brokers)
        })],
        brokerConfigs: configs)
}

@Suite struct KafkaReplicationFactorRuleTests {
    @Test func aFactorAboveTheLiveBrokersSaysAutoCreatedTopicsFail() throws {
        let sample = kafkaSample(brokers: [0], leaders: [0], configs: [0: ["default.replication.factor": "3", "auto.create.topics.enable": "true"]])
        let finding = try #require(KafkaReplicationFactorRule().findings(in: snapshot(kafka: sample)).first)
        #expect(finding.severity == .warning)
        #expect(finding.cause == "default.replication.factor 3 is above the 1 live Kafka broker: auto-created topics will fail")
        #expect(finding.evidence == ["broker 0: default.replication.factor 3", "metadata lists 1 live broker", "auto.create.topics.enable true"])
    }

    @Test func withAutoCreationOffItSaysWhichTopicsFail() throws {
        let sample = kafkaSample(brokers: [0, 1], leaders: [0], configs: [0: ["default.replication.factor": "3", "auto.create.topics.enable": "false"]])
        let finding = try #require(KafkaReplicationFactorRule().findings(in: snapshot(kafka: sample)).first)
        #expect(finding.cause == "default.replication.factor 3 is above the 2 live Kafka brokers: topics created without an explicit factor will fail")
    }

    @Test func enoughBrokersOrNoConfigsIsNoFinding() {
        let healthy = kafkaSample(brokers: [0, 1, 2], leaders: [0, 1, 2], configs: [0: ["default.replication.factor": "3"], 1: ["default.replication.factor": "3"]])
        #expect(KafkaReplicationFactorRule().findings(in: snapshot(kafka: healthy)).isEmpty)
        // DescribeConfigs unavailable (the librdkafka mock): nothing is known, nothing is claimed.
        #expect(KafkaReplicationFactorRule().findings(in: snapshot(kafka: kafkaSample(brokers: [0], leaders: [0]))).isEmpty)
        #expect(KafkaReplicationFactorRule().findings(in: snapshot()).isEmpty)
    }
}

@Suite struct KafkaLeaderSkewRuleTests {
    @Test func oneBrokerLeadingMostPartitionsIsAWarning() throws {
        let sample = kafkaSample(brokers: [0, 1, 2], leaders: [0, 0, 0, 0, 1, 2])
        let finding = try #require(KafkaLeaderSkewRule().findings(in: snapshot(kafka: sample)).first)
        #expect(finding.severity == .warning)
        #expect(finding.cause == "Kafka leadership is skewed 2.0×: broker 0 leads 4 of 6 partitions")
        #expect(finding.evidence == ["broker 0: 4 leaders, 3 replicas", "broker 1: 1 leaders, 3 replicas", "broker 2: 1 leaders, 3 replicas"].map {
            $0.replacingOccurrences(of: "3 replicas", with: "6 replicas")
        })
    }

    @Test func balancedLeadersOrASingleBrokerIsNoFinding() {
        #expect(KafkaLeaderSkewRule().findings(in: snapshot(kafka: kafkaSample(brokers: [0, 1, 2], leaders: [0, 1, 2, 0, 1, 2]))).isEmpty)
        // One broker leads everything by definition; the missing brokers are another rule's story.
        #expect(KafkaLeaderSkewRule().findings(in: snapshot(kafka: kafkaSample(brokers: [0], leaders: [0, 0, 0]))).isEmpty)
    }
}

private func crashingPod(restarts: Int = 17, uid: String = "o1") -> Pod {
    Pod(
        metadata: ObjectMeta(name: "order-service-abc", namespace: "e-commerce-saga", uid: uid, labels: ["app": "order-service"]),
        spec: PodSpec(nodeName: "w1", containers: [Container(name: "order-service")]),
        status: PodStatus(phase: "Running", conditions: [PodCondition(type: "Ready", status: "False")],
                          containerStatuses: [ContainerStatus(
                              name: "order-service", restartCount: restarts,
                              state: ContainerState(waiting: .init(reason: "CrashLoopBackOff", message: "back-off 5m0s restarting failed container=order-service")),
                              lastState: ContainerState(terminated: .init(exitCode: 1, reason: "Error", startedAt: now.addingTimeInterval(-97), finishedAt: now.addingTimeInterval(-95))))]))
}

private func runningPod(_ name: String) -> Pod {
    Pod(metadata: ObjectMeta(name: name, namespace: "e-commerce-saga", uid: name),
        spec: PodSpec(nodeName: "w1", containers: [Container(name: "app")]),
        status: PodStatus(phase: "Running", conditions: [PodCondition(type: "Ready", status: "True")],
                          containerStatuses: [ContainerStatus(name: "app", ready: true, state: ContainerState(running: .init()))]))
}

@Suite struct CrashLoopRuleTests {
    static let line = #"ERROR:    Error loading ASGI app. Could not import module "app.main"."#

    @Test func aCrashLoopNamesTheCauseLineOfThePreviousRun() throws {
        var state = KubernetesState(takenAt: now, context: "lab", namespace: "e-commerce-saga", pods: [crashingPod()])
        state.previousLogs = [PreviousLogExcerpt(pod: "order-service-abc", uid: "o1", container: "order-service", restartCount: 17, causeLine: Self.line, readAt: now)]
        let finding = try #require(CrashLoopRule().findings(in: snapshot(kubernetes: state)).first)
        #expect(finding.severity == .warning)
        #expect(finding.cause == "order-service-abc (order-service) is crash-looping, 17 restarts: \(Self.line)")
        #expect(finding.evidence == ["last run ended Error, exit code 1 after 2s", "back-off 5m0s restarting failed container=order-service"])
        #expect(finding.next == "kubectl logs -n e-commerce-saga order-service-abc -c order-service --previous")
    }

    @Test func beforeTheLogIsReadItSaysSo() throws {
        let state = KubernetesState(takenAt: now, context: "lab", namespace: "e-commerce-saga", pods: [crashingPod()])
        let finding = try #require(CrashLoopRule().findings(in: snapshot(kubernetes: state)).first)
        #expect(finding.cause == "order-service-abc (order-service) is crash-looping, 17 restarts")
        #expect(finding.evidence.contains("its previous log is not read yet"))
    }

    @Test func anExcerptOfAnotherPodUnderTheSameNameIsNotUsed() throws {
        var state = KubernetesState(takenAt: now, context: "lab", namespace: "e-commerce-saga", pods: [crashingPod(uid: "new")])
        state.previousLogs = [PreviousLogExcerpt(pod: "order-service-abc", uid: "o1", container: "order-service", restartCount: 17, causeLine: Self.line, readAt: now)]
        let finding = try #require(CrashLoopRule().findings(in: snapshot(kubernetes: state)).first)
        #expect(!finding.cause.contains("ASGI"))
    }

    @Test func aMissingReplicaInACrashLoopIsExplainedByItsCauseLine() {
        let backOff = MissingReplica(name: "order-service-abc", state: "CrashLoopBackOff", reason: "back-off 5m0s restarting failed container=order-service")
        var state = KubernetesState(takenAt: now, context: "lab", namespace: "e-commerce-saga", pods: [crashingPod()])
        // Not read yet: the kubelet's back-off message is all there is.
        #expect(WorkloadHealth.withCrashCause(backOff, state: state) == backOff)
        state.previousLogs = [PreviousLogExcerpt(pod: "order-service-abc", uid: "o1", container: "order-service", restartCount: 17, causeLine: Self.line, readAt: now)]
        #expect(WorkloadHealth.withCrashCause(backOff, state: state).description == "order-service-abc CrashLoopBackOff: \(Self.line)")
        // A pod that is not crash-looping keeps its own reason; the pod decides, not the words.
        var waiting = crashingPod()
        waiting.metadata.name = "order-service-def"
        waiting.status.containerStatuses[0].state.waiting?.reason = "ContainerCreating"
        state.pods.append(waiting)
        let pending = MissingReplica(name: "order-service-def", state: "CrashLoopBackOff", reason: "0/3 nodes are available")
        #expect(WorkloadHealth.withCrashCause(pending, state: state) == pending)
    }

    @Test func aCrashThatAMissingReplicasFindingNamesIsFoldedIntoIt() {
        let next = "kubectl logs -n e-commerce-saga order-service-abc -c order-service --previous"
        let crash = (pod: "order-service-abc", summary: "order-service is crash-looping, 17 restarts", finding: Finding(
            severity: .warning, rule: "crash-loop", cause: "order-service-abc (order-service) is crash-looping, 17 restarts: \(Self.line)",
            evidence: ["last run ended Error, exit code 1 after 2s"], next: next))
        // A pod whose name only starts like the listed one is not it.
        let lookalike = (pod: "order-service-ab", summary: "order-service is crash-looping, 2 restarts", finding: Finding(severity: .warning, rule: "crash-loop", cause: "order-service-ab (order-service) is crash-looping, 2 restarts"))
        let workload = Finding(
            severity: .critical, rule: "workload-not-ready", cause: "order: 1 of 1 replicas not ready: order-service-abc CrashLoopBackOff: \(Self.line)",
            evidence: ["order-service-abc CrashLoopBackOff: \(Self.line)"], next: "the Scaling view (6)",
            subject: .init(component: "order", pods: ["order-service-abc"]))
        let (findings, unfolded) = Diagnosis.fold([crash, lookalike], into: [workload])
        #expect(findings.count == 1)
        #expect(findings.first?.cause == workload.cause)
        #expect(findings.first?.evidence == [
            "order-service-abc CrashLoopBackOff: \(Self.line)",
            "order-service-abc: order-service is crash-looping, 17 restarts",
            "order-service-abc: last run ended Error, exit code 1 after 2s",
        ])
        #expect(findings.first?.next == "\(next); then the Scaling view (6)")
        #expect(unfolded.map(\.cause) == ["order-service-ab (order-service) is crash-looping, 2 restarts"])
    }

    @Test func runningPodsAreNoFinding() {
        let state = KubernetesState(takenAt: now, context: "lab", namespace: "e-commerce-saga", pods: [runningPod("payment-1")])
        #expect(CrashLoopRule().findings(in: snapshot(kubernetes: state)).isEmpty)
    }
}

@Suite struct PreviousLogExcerptTests {
    @Test func theCauseIsTheLastErrorLookingLine() {
        let lines = [
            "Waiting for kafka-client:9092 ...", "kafka-client:9092 is reachable",
            #"ERROR:    Error loading ASGI app. Could not import module "app.main"."#, "",
        ]
        // Runs of spaces (uvicorn aligns its level names) collapse: the line is a one-line summary.
        #expect(PreviousLogExcerpt.causeLine(in: lines) == #"ERROR: Error loading ASGI app. Could not import module "app.main"."#)
        #expect(PreviousLogExcerpt.causeLine(in: ["starting", "listening on :8000"]) == "listening on :8000")
        #expect(PreviousLogExcerpt.causeLine(in: ["", " "]) == nil)
    }

    @Test func escapeSequencesAndControlCharactersNeverSurvive() {
        let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[31mERROR\u{1B}[0m: boom\u{08}\r\u{9B}"
        #expect(PreviousLogExcerpt.clean(hostile) == "ERROR: boom")
        #expect(PreviousLogExcerpt.clean(String(repeating: "x", count: 1000)).count == PreviousLogExcerpt.maximumLineLength)
    }

    @Test func onlyCrashLoopingContainersAreRead() {
        let targets = PreviousLogReader.targets(in: [crashingPod(), runningPod("payment-1")])
        #expect(targets == [PreviousLogReader.Target(pod: "order-service-abc", uid: "o1", container: "order-service", restartCount: 17)])
    }
}

private func service(_ name: String, env: [EnvVar]) -> Deployment {
    Deployment(metadata: ObjectMeta(name: name), spec: .init(replicas: 1, template: PodTemplateSpec(spec: PodSpec(containers: [Container(name: name, env: env)]))))
}

private let goodEnv = [
    EnvVar(name: "KAFKA_BOOTSTRAP_SERVERS", value: "kafka-client:9092"), EnvVar(name: "REDIS_URL", value: "redis://redis:6379"),
    EnvVar(name: "REDIS_PASSWORD", valueFrom: EnvVarSource()),
]

@Suite struct ServiceEnvironmentRuleTests {
    static let names = ["order-service", "inventory-service", "payment-service", "shipping-service", "notification-service", "saga-coordinator"]

    func findings(_ deployments: [Deployment]) -> [Finding] {
        ServiceEnvironmentRule().findings(in: snapshot(kubernetes: KubernetesState(takenAt: now, context: "lab", namespace: "e-commerce-saga", deployments: deployments)))
    }

    @Test func servicesThatAllAgreeAreNoFinding() {
        #expect(findings(Self.names.map { service($0, env: goodEnv) }).isEmpty)
    }

    @Test func aServiceWithoutTheVariableIsNamed() throws {
        var deployments = Self.names.map { service($0, env: goodEnv) }
        deployments[4] = service("notification-service", env: [goodEnv[0]])
        let finding = try #require(findings(deployments).first)
        #expect(finding.rule == "service-env-missing")
        #expect(finding.cause == "notification-service sets no REDIS_URL")
    }

    @Test func disagreeingValuesAreListedWithPasswordsMasked() throws {
        var deployments = Self.names.map { service($0, env: goodEnv) }
        deployments[1] = service("inventory-service", env: [goodEnv[0], EnvVar(name: "REDIS_URL", value: "redis://:e-commerce-saga-redis-pass@redis:6380")])
        let all = findings(deployments)
        let finding = try #require(all.first)
        #expect(all.count == 1)
        #expect(finding.rule == "service-env-disagree")
        #expect(finding.cause == "services disagree on REDIS_URL: redis://redis:6379 (5) vs redis://***@redis:6380 (1)")
        #expect(!finding.evidence.joined().contains("redis-pass"))
    }

    @Test func valuesFromSecretsCountAsSetButAreNotCompared() {
        let deployments = Self.names.map { service($0, env: [goodEnv[0], EnvVar(name: "REDIS_URL", valueFrom: EnvVarSource())]) }
        #expect(findings(deployments).isEmpty)
    }
}

@Suite struct WorkloadScalingTests {
    static let component = Component(name: "order", role: .service, workloadKind: .deployment, workloadName: "order-service")

    func scaling(_ pod: Pod, events: [Event] = [], history: ClusterHistory = ClusterHistory()) -> ReplicaScaling? {
        let deployment = Deployment(metadata: ObjectMeta(name: "order-service", namespace: "e-commerce-saga"),
                                    spec: .init(replicas: 1, selector: LabelSelector(matchLabels: ["app": "order-service"])),
                                    status: .init(replicas: 1))
        var pod = pod
        pod.metadata.labels = ["app": "order-service"]
        let state = KubernetesState(takenAt: now, context: "lab", namespace: "e-commerce-saga", pods: [pod], deployments: [deployment], events: events)
        var snap = snapshot(kubernetes: state)
        snap.history = history
        return WorkloadScaling(component: Self.component, snapshot: snap, state: state).missing.first
    }

    func pending(message: String) -> Pod {
        Pod(metadata: ObjectMeta(name: "order-1", namespace: "e-commerce-saga", uid: "u", creationTimestamp: now.addingTimeInterval(-300)),
            spec: PodSpec(containers: [Container(name: "app")]),
            status: PodStatus(phase: "Pending", conditions: [PodCondition(type: "PodScheduled", status: "False", reason: "Unschedulable", message: message)]))
    }

    @Test func anUnschedulablePodIsFailedSchedulingSinceItWasCreated() throws {
        let missing = try #require(scaling(pending(message: "0/3 nodes are available: 3 Insufficient memory.")))
        #expect(missing.cause == .failedScheduling("0/3 nodes are available: 3 Insufficient memory."))
        #expect(missing.since == .since(now.addingTimeInterval(-300), basis: "pod created, never started"))
        #expect(missing.since.text(at: now) == "5m (pod created, never started)")
    }

    @Test func anUnboundClaimIsNamedAsSuch() throws {
        let message = "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
        #expect(try #require(scaling(pending(message: message))).cause == .unboundClaim(message))
    }

    @Test func anImagePullBackOffCarriesTheKubeletsMessage() throws {
        let pod = Pod(
            metadata: ObjectMeta(name: "order-1", namespace: "e-commerce-saga", uid: "u"),
            spec: PodSpec(nodeName: "w1", containers: [Container(name: "app")]),
            status: PodStatus(phase: "Pending", containerStatuses: [ContainerStatus(
                name: "app", state: ContainerState(waiting: .init(reason: "ImagePullBackOff", message: #"Back-off pulling image "registry/order:9.9""#)))],
                startTime: now.addingTimeInterval(-60)))
        let missing = try #require(scaling(pod))
        #expect(missing.cause == .imagePull(#"Back-off pulling image "registry/order:9.9""#))
        #expect(missing.since == .unknown, "nothing dates it: no Ready condition, the pod started")
        #expect(missing.since.text(at: now) == "for an unknown time")
    }

    @Test func aFailingReadinessProbeIsReadFromTheEvents() throws {
        let pod = Pod(
            metadata: ObjectMeta(name: "order-1", namespace: "e-commerce-saga", uid: "u"),
            spec: PodSpec(nodeName: "w1", containers: [Container(name: "app")]),
            status: PodStatus(phase: "Running", conditions: [PodCondition(type: "Ready", status: "False", lastTransitionTime: now.addingTimeInterval(-120))],
                              containerStatuses: [ContainerStatus(name: "app", state: ContainerState(running: .init()))]))
        let event = Event(involvedObject: .init(kind: "Pod", name: "order-1"), reason: "Unhealthy",
                          message: "Readiness probe failed: HTTP probe failed with statuscode: 503", type: "Warning", count: 12, lastTimestamp: now)
        let missing = try #require(scaling(pod, events: [event]))
        #expect(missing.cause == .readinessProbe("Readiness probe failed: HTTP probe failed with statuscode: 503"))
        #expect(missing.since == .since(now.addingTimeInterval(-120), basis: "Ready condition False"))
    }

    @Test func historyThatSawThePodStopServingWins() throws {
        var history = ClusterHistory(capacity: 10)
        var ready = runningPod("order-1")
        ready.metadata.uid = "u"
        var broken = ready
        broken.status.conditions = [PodCondition(type: "Ready", status: "False", lastTransitionTime: now.addingTimeInterval(-9999))]
        broken.status.containerStatuses[0].ready = false
        history.record(KubernetesState(takenAt: now, context: "", namespace: "", pods: [ready]), at: now.addingTimeInterval(-60))
        history.record(KubernetesState(takenAt: now, context: "", namespace: "", pods: [broken]), at: now.addingTimeInterval(-58))
        let missing = try #require(scaling(broken, history: history))
        #expect(missing.since == .since(now.addingTimeInterval(-58), basis: "seen going not ready"))
    }

    @Test func anAbsentReplicaIsDatedOnlyAsFarAsTheHistoryGoes() {
        let point = { (offset: Double, ready: Int) in ClusterHistory.ReplicaPoint(at: now.addingTimeInterval(offset), desired: 3, current: 2, ready: ready) }
        #expect(WorkloadScaling.since(absentAfter: 2, points: [point(-60, 1), point(-58, 1)]) == .atLeast(now.addingTimeInterval(-60)))
        #expect(WorkloadScaling.since(absentAfter: 2, points: [point(-60, 3), point(-58, 2), point(-56, 1)]) == .since(now.addingTimeInterval(-58), basis: "seen going missing"))
        #expect(WorkloadScaling.since(absentAfter: 2, points: []) == .unknown)
        #expect(MissingSince.atLeast(now.addingTimeInterval(-3600)).text(at: now) == "at least 60m (all of infratop's history)")
        // One poll into the history, "at least 0s" would say nothing true.
        #expect(MissingSince.atLeast(now).text(at: now) == "for an unknown time (infratop has only just started watching)")
    }
}

@Suite struct NewRulesOnAHealthyClusterTests {
    @Test func aHealthyClusterGivesNoFindingAboveInfoFromTheNewRules() {
        let sample = kafkaSample(brokers: [0, 1, 2], leaders: [0, 1, 2], configs: [0: ["default.replication.factor": "3", "auto.create.topics.enable": "true"]])
        let deployments = ServiceEnvironmentRuleTests.names.map { service($0, env: goodEnv) }
        let state = KubernetesState(takenAt: now, context: "lab", namespace: "e-commerce-saga", pods: [runningPod("payment-1")], deployments: deployments)
        let findings = Diagnosis().findings(for: snapshot(kafka: sample, kubernetes: state))
        let fromNewRules = findings.filter { ["kafka-replication-factor", "kafka-leader-skew", "crash-loop", "service-env-missing", "service-env-disagree"].contains($0.rule) }
        #expect(fromNewRules.isEmpty, "\(fromNewRules)")
    }

    @Test func theLabsKafkaBrokersFindingStaysOnTop() throws {
        // One broker of three with RF 3: the replication-factor warning joins, but below the critical brokers finding.
        let sample = kafkaSample(brokers: [0], leaders: [0], configs: [0: ["default.replication.factor": "3"]])
        let kafka = StatefulSet(metadata: ObjectMeta(name: "kafka", namespace: "e-commerce-saga"), spec: .init(replicas: 3),
                                status: .init(replicas: 2, readyReplicas: 1, currentReplicas: 2))
        var kafka0 = runningPod("kafka-0")
        kafka0.metadata.namespace = "e-commerce-saga"
        let state = KubernetesState(takenAt: now, context: "lab", namespace: "e-commerce-saga", pods: [kafka0, crashingPod()], statefulSets: [kafka])
        let findings = Diagnosis().findings(for: snapshot(kafka: sample, kubernetes: state))
        #expect(findings.first?.rule == "kafka-brokers-missing")
        #expect(findings.contains { $0.rule == "kafka-replication-factor" })
        #expect(findings.contains { $0.rule == "crash-loop" })
    }
}

/// The previous-log reader's limits against an API server that refuses connections.
@Suite struct PreviousLogReaderTests {
    func pods(_ count: Int) -> [Pod] {
        (0..<count).map { index in
            var pod = crashingPod(uid: "u\(index)")
            pod.metadata.name = "order-service-\(index)"
            return pod
        }
    }

    @Test func readsAtMostTwoAtATimeAndRetriesAFailureOnlyAfterAPause() async throws {
        let access = ClusterAccess(contextName: "refused", server: "http://127.0.0.1:1", namespace: "e-commerce-saga")
        let client = try KubernetesClient(access: access, configuration: .init(requestTimeout: 5, connectTimeout: 2))
        let reader = PreviousLogReader(client: client, namespace: "e-commerce-saga", limits: .init(retryAfter: 60))
        let crashing = pods(3)
        _ = reader.excerpts(for: crashing, at: Date())
        let counts = reader.readCounts
        #expect(counts.finished + counts.running == 2, "two reads started, the third waits")
        for _ in 0..<100 where reader.isReading { try await Task.sleep(for: .milliseconds(50)) }
        // The first two failed; the third starts now, and the failed ones wait out their pause.
        let first = reader.excerpts(for: crashing, at: Date())
        #expect(Array(first.map(\.pod).prefix(2)) == ["order-service-0", "order-service-1"])
        #expect(first.allSatisfy { $0.causeLine == nil && $0.error?.contains("127.0.0.1:1") == true }, "\(first)")
        for _ in 0..<100 where reader.isReading { try await Task.sleep(for: .milliseconds(50)) }
        #expect(reader.excerpts(for: crashing, at: Date()).count == 3)
        #expect(!reader.isReading, "no failure is retried within a minute")
        // A minute later they are read again; a pod that stopped crash-looping is forgotten.
        let firstRead = try #require(first.first?.readAt)
        _ = reader.excerpts(for: Array(crashing.prefix(1)), at: Date().addingTimeInterval(61))
        for _ in 0..<100 where reader.isReading { try await Task.sleep(for: .milliseconds(50)) }
        let again = reader.excerpts(for: Array(crashing.prefix(1)), at: Date())
        #expect(again.map(\.pod) == ["order-service-0"])
        #expect((again.first?.readAt ?? firstRead) > firstRead, "read again after its pause")
        #expect(reader.readCounts.finished == 1, "the pods that stopped crash-looping are forgotten")
        await client.shutdown()
    }
}

@Suite struct AbsentReplicaDatingTests {
    func kafka(start: Int?) -> (WorkloadHealth, KubernetesState) {
        let set = StatefulSet(metadata: ObjectMeta(name: "kafka"), spec: .init(replicas: 3, ordinals: start.map { .init(start: $0) }),
                              status: .init(replicas: 1, readyReplicas: 1, currentReplicas: 1))
        let state = KubernetesState(takenAt: now, context: "lab", namespace: "e-commerce-saga", statefulSets: [set])
        let component = Component(name: "kafka", role: .infrastructure, workloadKind: .statefulSet, workloadName: "kafka")
        return (WorkloadHealth(component: component, state: state, now: now), state)
    }

    @Test func anOrdinalCountsFromTheStatefulSetsFirstOrdinal() {
        let (plain, plainState) = kafka(start: nil)
        #expect(WorkloadScaling.readyBelowWhichMissing(MissingReplica(name: "kafka-2", state: "not created"), health: plain, state: plainState) == 2)
        let (shifted, shiftedState) = kafka(start: 1)
        #expect(WorkloadScaling.readyBelowWhichMissing(MissingReplica(name: "kafka-3", state: "not created"), health: shifted, state: shiftedState) == 2)
    }
}
