/// What a piece of the screen means, as a theme names it: views ask for a role, never for a colour.
///
/// The raw value is the role's key under `roles:` in a theme file.
///
/// A theme file may leave roles out. An omitted role takes the style of its ``parent`` (resolved the
/// same way, so `gauge-mid` → `warn`), and an omitted *base* role — one without a parent — is taken
/// from the built-in `default` theme. The base roles are `background`, `text`, `muted`, `selection`,
/// `accent`, `ok`, `warn` and `critical`: a theme that sets those eight looks complete.
package enum ThemeRole: String, CaseIterable, Hashable, Sendable {
    /// The panel background; its `bg` is what every role without a `bg` of its own is drawn on.
    case background
    /// Ordinary text; its `fg` is what every role without an `fg` of its own is drawn in.
    case text
    /// Secondary text: ages, units, labels that need not catch the eye.
    case muted
    /// Box outlines of panels that do not have focus.
    case border
    /// The outline of the panel that has focus.
    case borderFocus = "border-focus"
    /// Panel titles.
    case title
    /// Table column headers.
    case header
    /// The selected row.
    case selection
    /// Healthy: a pod Running and ready, a broker in sync.
    case ok
    /// Needs a look: restarts, lag, memory near its limit.
    case warn
    /// Broken: CrashLoopBackOff, an offline partition, an unreachable source.
    case critical
    /// Emphasis that carries no health meaning: counters, the namespace name.
    case accent
    /// Gauge fill below the warning threshold.
    case gaugeLow = "gauge-low"
    /// Gauge fill between the warning and critical thresholds.
    case gaugeMid = "gauge-mid"
    /// Gauge fill above the critical threshold.
    case gaugeHigh = "gauge-high"
    /// Sparklines and timelines.
    case sparkline
    /// Log lines at debug or trace level.
    case logDebug = "log-debug"
    /// Log lines at info level.
    case logInfo = "log-info"
    /// Log lines at warning level.
    case logWarn = "log-warn"
    /// Log lines at error or fatal level.
    case logError = "log-error"
    /// Text that matches the filter or search.
    case match
    /// Key names in the hint bar (`?`, `/`, `esc`).
    case key

    /// The role an omitted role copies, or `nil` for a base role, which comes from the `default` theme.
    ///
    /// Parents are chosen so that a derived role keeps its meaning: a full gauge is as alarming as
    /// `critical`, an error line as red as `critical`, a border as quiet as `muted`.
    var parent: ThemeRole? {
        switch self {
        case .background, .text, .muted, .selection, .accent, .ok, .warn, .critical:
            return nil
        case .border, .logDebug:
            return .muted
        case .borderFocus, .title, .sparkline, .match, .key:
            return .accent
        case .header:
            return .title
        case .gaugeLow:
            return .ok
        case .gaugeMid, .logWarn:
            return .warn
        case .gaugeHigh, .logError:
            return .critical
        case .logInfo:
            return .text
        }
    }
}
