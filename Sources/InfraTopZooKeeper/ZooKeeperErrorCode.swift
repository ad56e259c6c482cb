/// The `err` of a jute reply header: 0 for success, a negative code otherwise
/// (`KeeperException.Code` in ZooKeeper's sources).
public struct ZooKeeperErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let ok = Self(rawValue: 0)
    public static let systemError = Self(rawValue: -1)
    public static let runtimeInconsistency = Self(rawValue: -2)
    public static let dataInconsistency = Self(rawValue: -3)
    public static let connectionLoss = Self(rawValue: -4)
    public static let marshallingError = Self(rawValue: -5)
    public static let unimplemented = Self(rawValue: -6)
    public static let operationTimeout = Self(rawValue: -7)
    public static let badArguments = Self(rawValue: -8)
    public static let unknownSession = Self(rawValue: -12)
    public static let newConfigNoQuorum = Self(rawValue: -13)
    public static let reconfigInProgress = Self(rawValue: -14)
    public static let apiError = Self(rawValue: -100)
    public static let noNode = Self(rawValue: -101)
    public static let noAuth = Self(rawValue: -102)
    public static let badVersion = Self(rawValue: -103)
    public static let noChildrenForEphemerals = Self(rawValue: -108)
    public static let nodeExists = Self(rawValue: -110)
    public static let notEmpty = Self(rawValue: -111)
    public static let sessionExpired = Self(rawValue: -112)
    public static let invalidCallback = Self(rawValue: -113)
    public static let invalidACL = Self(rawValue: -114)
    public static let authFailed = Self(rawValue: -115)
    public static let sessionMoved = Self(rawValue: -118)
    public static let notReadOnly = Self(rawValue: -119)
    public static let ephemeralOnLocalSession = Self(rawValue: -120)
    public static let noWatcher = Self(rawValue: -121)
    public static let requestTimeout = Self(rawValue: -122)
    public static let reconfigDisabled = Self(rawValue: -123)
    public static let sessionClosedRequireSASLAuth = Self(rawValue: -124)
    public static let quotaExceeded = Self(rawValue: -125)
    public static let throttledOperation = Self(rawValue: -127)

    /// The name ZooKeeper's logs and tools print, such as `NONODE`; `UNKNOWN(-999)` for a code we do not know.
    public var name: String {
        switch rawValue {
        case 0: "OK"
        case -1: "SYSTEMERROR"
        case -2: "RUNTIMEINCONSISTENCY"
        case -3: "DATAINCONSISTENCY"
        case -4: "CONNECTIONLOSS"
        case -5: "MARSHALLINGERROR"
        case -6: "UNIMPLEMENTED"
        case -7: "OPERATIONTIMEOUT"
        case -8: "BADARGUMENTS"
        case -12: "UNKNOWNSESSION"
        case -13: "NEWCONFIGNOQUORUM"
        case -14: "RECONFIGINPROGRESS"
        case -100: "APIERROR"
        case -101: "NONODE"
        case -102: "NOAUTH"
        case -103: "BADVERSION"
        case -108: "NOCHILDRENFOREPHEMERALS"
        case -110: "NODEEXISTS"
        case -111: "NOTEMPTY"
        case -112: "SESSIONEXPIRED"
        case -113: "INVALIDCALLBACK"
        case -114: "INVALIDACL"
        case -115: "AUTHFAILED"
        case -118: "SESSIONMOVED"
        case -119: "NOTREADONLY"
        case -120: "EPHEMERALONLOCALSESSION"
        case -121: "NOWATCHER"
        case -122: "REQUESTTIMEOUT"
        case -123: "RECONFIGDISABLED"
        case -124: "SESSIONCLOSEDREQUIRESASLAUTH"
        case -125: "QUOTAEXCEEDED"
        case -127: "THROTTLEDOP"
        default: "UNKNOWN(\(rawValue))"
        }
    }

    public var description: String { name }
}
