import Foundation

/// What the command line asks of a `sync` or `plan` run.
public struct RunRequest: Sendable {
    public var mode: RunMode
    public var configPath: String?
    public var drop: String?
    public var state: String?
    public var out: String?
    public var courses: [String]
    public var keepDrop: Bool
    public var allowMassCancel: Bool
    public var recreateDeleted: Bool
    /// `--metrics-file` (wins over the config's `paths.metrics_file`).
    public var metricsFile: String?
    public var language: Language?
    public var workingDirectory: URL
    public var environment: [String: String]
    /// The state file when neither `--state` nor the config names one (relative to the working directory).
    public var defaultState: String

    public init(
        mode: RunMode, configPath: String? = nil, drop: String? = nil, state: String? = nil, out: String? = nil,
        courses: [String] = [], keepDrop: Bool = false, allowMassCancel: Bool = false, recreateDeleted: Bool = false,
        metricsFile: String? = nil, language: Language? = nil, workingDirectory: URL, environment: [String: String],
        defaultState: String = RunPaths.defaultStateFile
    ) {
        self.mode = mode
        self.configPath = configPath
        self.drop = drop
        self.state = state
        self.out = out
        self.courses = courses
        self.keepDrop = keepDrop
        self.allowMassCancel = allowMassCancel
        self.recreateDeleted = recreateDeleted
        self.metricsFile = metricsFile
        self.language = language
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.defaultState = defaultState
    }
}

/// A Zoom client for one run, and what to do when the run is over with it.
public struct ZoomSession: Sendable {
    public var client: any ZoomClient
    public var close: @Sendable () async -> Void
    /// Things worth telling the admin about the connection (e.g. a group-readable secret file).
    public var warnings: [LocalizedText]
    /// What the client did, for the metrics file (nil: a client that does not count).
    public var statistics: ZoomCallStatistics?
    public init(
        client: any ZoomClient, warnings: [LocalizedText] = [], statistics: ZoomCallStatistics? = nil,
        close: @escaping @Sendable () async -> Void = {}
    ) {
        self.client = client
        self.warnings = warnings
        self.statistics = statistics
        self.close = close
    }
}

/// The shell's collaborators, passed in: the clock, how to reach Zoom, where progress goes.
public struct RunCollaborators: Sendable {
    public var clock: any WallClock
    /// Makes the run's client, after the lock is held: configuration (environment applied),
    /// the state (its daily write ledger seeds the client), the file for `api-calls.jsonl`.
    public var makeZoom: @Sendable (Configuration, SyncState, URL) async throws -> ZoomSession
    /// Progress lines (stderr with `--verbose`).
    public var progress: @Sendable (String) -> Void
    /// Courses read and applied at once. Each course's calls run one after another, and each
    /// cycle is a Zoom round trip plus our own work (the journal's fsync, planning the next
    /// call): ~0.3 s in the S benchmark at 100 ms latency, so 8 courses barely reach the Light
    /// rate and every stall shows; 16 leave the client's rate limiter as the only pace-maker
    /// (BENCHMARKS.md, "API").
    public var maxConcurrentCourses: Int
    /// Checks the credentials and that a token is obtainable, before the lock is taken and the
    /// exports are read (nil: no separate check, e.g. the embedded simulator). Writes no file.
    public var checkZoom: (@Sendable (Configuration) async throws -> Void)?

    public init(
        clock: any WallClock = SystemClock(),
        makeZoom: @escaping @Sendable (Configuration, SyncState, URL) async throws -> ZoomSession,
        progress: @escaping @Sendable (String) -> Void = { _ in }, maxConcurrentCourses: Int = 16
    ) {
        self.clock = clock
        self.makeZoom = makeZoom
        self.progress = progress
        self.maxConcurrentCourses = maxConcurrentCourses
    }

    /// The real Zoom: credentials from the environment and the config (`ZoomClientSettings.resolve`).
    /// `transport`: the shell's HTTP with the given number of connections (the settings' requests
    /// in flight; libcurl in SemcoZoomCurl).
    public static func zoom(
        environment: [String: String],
        transport: @escaping @Sendable (_ maxConnections: Int) -> any HTTPTransport,
        clock: any WallClock = SystemClock()
    ) -> @Sendable (Configuration, SyncState, URL) async throws -> ZoomSession {
        { configuration, state, apiLog in
            var settings = try ZoomClientSettings.resolve(configuration: configuration, environment: environment)
            settings.dailyWrites = state.dailyWrites
            let log = try FileAPICallLog(url: apiLog)
            let client = HTTPZoomClient(
                settings: settings, transport: transport(settings.maxConcurrentRequests), log: log, clock: clock)
            return ZoomSession(client: client, warnings: settings.warnings, statistics: client.statistics)
        }
    }

    /// The real Zoom's early check: the credentials are there and Zoom hands out a token.
    public static func zoomCheck(
        environment: [String: String],
        transport: @escaping @Sendable (_ maxConnections: Int) -> any HTTPTransport,
        clock: any WallClock = SystemClock()
    ) -> @Sendable (Configuration) async throws -> Void {
        { configuration in
            let settings = try ZoomClientSettings.resolve(configuration: configuration, environment: environment)
            let client = HTTPZoomClient(
                settings: settings, transport: transport(settings.maxConcurrentRequests), clock: clock)
            _ = try await client.grantedScopes()
        }
    }
}

/// Where a run reads and writes.
public struct RunPaths: Sendable, Equatable {
    public static let defaultStateFile = "semco-zoom-state.json"
    public var drop: URL
    public var state: URL
    public var out: URL

    /// `yyyyMMddTHHmmssZ-xxxx` (UTC, 4 random hex digits).
    public static func runID(at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date) + "-" + String(format: "%04x", UInt16.random(in: 0 ... .max))
    }

    static func url(_ path: String, in directory: URL) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return (expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : directory.appendingPathComponent(expanded))
            .standardizedFileURL
    }

    /// The state file the request and configuration name (also for `status`).
    public static func stateFile(
        option: String?, configuration: Configuration, workingDirectory: URL, defaultState: String
    ) -> URL {
        url(option ?? configuration.paths.state ?? defaultState, in: workingDirectory)
    }
}

/// The result of a run: the outcome (also in `report.json`) and where the report is.
public struct RunResult: Sendable {
    public var outcome: RunOutcome
    public var exitStatus: ExitStatus { outcome.exitStatus }
    public var reportFile: URL?
    /// The language the run's messages are in.
    public var language: Language
    /// The metrics file written (`--metrics-file`, `paths.metrics_file`), if any.
    public var metricsFile: URL?
    /// Why the metrics file could not be written (the exit code stays the run's).
    public var metricsError: LocalizedText?
}
