import Testing
@testable import InfraTopUI

@Suite struct AppStateTests {
    @Test func digitsSwitchViewsAndQuitAndRefreshAreCommands() {
        var state = AppState()
        #expect(state.handle(.character("3")) == nil)
        #expect(state.view == .kafka)
        #expect(state.handle(.character("6")) == nil)
        #expect(state.view == .scaling)
        #expect(state.handle(.character("9")) == nil)
        #expect(state.view == .scaling)
        #expect(state.handle(.character("r")) == .refreshNow)
        #expect(state.handle(.character("t")) == .nextTheme)
        #expect(state.handle(.character("q")) == .quit)
        #expect(state.handle(.interrupt) == .quit)
    }

    @Test func helpOpensAndClosesAndSwallowsOtherKeys() {
        var state = AppState()
        _ = state.handle(.character("?"))
        #expect(state.isHelpShown)
        _ = state.handle(.character("2"))
        #expect(state.view == .overview)
        _ = state.handle(.escape)
        #expect(!state.isHelpShown)
        _ = state.handle(.character("?"))
        #expect(state.handle(.character("q")) == .quit)
    }

    @Test func tabCyclesFocusBothWays() {
        var state = AppState()
        _ = state.handle(.tab, panelCount: 3)
        _ = state.handle(.tab, panelCount: 3)
        #expect(state.focusedPanel == 2)
        _ = state.handle(.tab, panelCount: 3)
        #expect(state.focusedPanel == 0)
        _ = state.handle(.backTab, panelCount: 3)
        #expect(state.focusedPanel == 2)
    }

    @Test func selectionMovesWithinTheRows() {
        var state = AppState()
        state.view = .pods
        _ = state.handle(.down, rowCount: 3)
        _ = state.handle(.character("j"), rowCount: 3)
        _ = state.handle(.down, rowCount: 3)
        #expect(state.selectedRow[.pods] == 2)
        _ = state.handle(.character("k"), rowCount: 3)
        #expect(state.selectedRow[.pods] == 1)
        _ = state.handle(.end, rowCount: 40)
        #expect(state.selectedRow[.pods] == 39)
        _ = state.handle(.pageUp, rowCount: 40, pageSize: 10)
        #expect(state.selectedRow[.pods] == 29)
        _ = state.handle(.home, rowCount: 40)
        #expect(state.selectedRow[.pods] == 0)
        state.selectedRow[.pods] = 30
        state.clampSelection(rowCount: 5)
        #expect(state.selectedRow[.pods] == 4)
    }

    @Test func filterIsTypedAppliedAndClearedWithEsc() {
        var state = AppState()
        _ = state.handle(.character("/"))
        #expect(state.isEditingFilter)
        for character in "kafkx" { _ = state.handle(.character(character)) }
        _ = state.handle(.backspace)
        _ = state.handle(.character("a"))
        // While typing, q and digits are text, not commands.
        #expect(state.handle(.character("q")) == nil)
        _ = state.handle(.backspace)
        _ = state.handle(.enter)
        #expect(!state.isEditingFilter)
        #expect(state.filter == "kafka")
        _ = state.handle(.escape)
        #expect(state.filter == "")
    }

    @Test func theFilterIsBounded() {
        var state = AppState()
        _ = state.handle(.character("/"))
        for _ in 0..<1000 { _ = state.handle(.character("x")) }
        #expect(state.filter.count == 128)
    }

    @Test func enterDrillsInAndEscGoesBack() {
        var state = AppState()
        _ = state.handle(.enter)
        #expect(state.view == .pods)
        _ = state.handle(.escape)
        #expect(state.view == .overview)
        _ = state.handle(.escape)
        #expect(state.view == .overview)
    }
}
