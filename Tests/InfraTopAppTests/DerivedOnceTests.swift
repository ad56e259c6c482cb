import Foundation
import InfraTopCore
import InfraTopFixtures
import Testing
@testable import InfraTopUI

/// Workload health derived once per store change draws exactly what deriving it per frame drew,
/// and the views take it from the frame instead of walking the pods again.
@MainActor
@Suite struct DerivedOnceTests {
    init() { _ = TerminalLocale.activateUTF8ForTesting() }

    private func frame(healths: [String: WorkloadHealth]?) throws -> Frame {
        var store = Store(notConnectedReasons: [:])
        store.record(try Cluster.eCommerceSaga(), at: Cluster.labStart)
        let snapshot = store.snapshot(at: Cluster.labStart, context: "lab", namespace: "e-commerce-saga", refreshInterval: 2)
        var frame = Frame(snapshot: snapshot, findings: Diagnosis().findings(for: snapshot), theme: .default,
                          timeZone: TimeZone(identifier: "UTC") ?? .current)
        frame.workloadHealths = healths
        return frame
    }

    private func healths() throws -> [String: WorkloadHealth] {
        let state = try Cluster.eCommerceSaga()
        return Dictionary(uniqueKeysWithValues: Component.eCommerceSaga.map {
            ($0.name, WorkloadHealth(component: $0, state: state, now: Cluster.labStart))
        })
    }

    @Test(arguments: [ViewID.overview, .pods, .scaling])
    func derivedOnceDrawsWhatDerivingPerFrameDrew(view: ViewID) throws {
        var perFrame = try frame(healths: nil)
        var once = try frame(healths: healths())
        perFrame.state.view = view
        once.state.view = view
        #expect(Screen.render(once, width: 140, height: 40).canvas.lines == Screen.render(perFrame, width: 140, height: 40).canvas.lines)
    }

    @Test func theViewsTakeTheFramesHealth() throws {
        var given = try healths()
        given["kafka"]?.ready = 3
        let lines = Screen.render(try frame(healths: given), width: 140, height: 40).canvas.lines
        #expect(lines[1].contains("● kafka 3/3"), "\(lines[1])")
        let derived = Screen.render(try frame(healths: nil), width: 140, height: 40).canvas.lines
        #expect(derived[1].contains("● kafka 1/3"), "\(derived[1])")
    }
}
