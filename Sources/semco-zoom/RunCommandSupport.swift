import ArgumentParser
import Foundation
import SemcoZoomCore
import SemcoZoomCurl
import ZoomSimulator

/// Shared by `sync` and `plan`: builds the run request from the options, wires Zoom (real or
/// the embedded simulator), runs the pipeline, prints the summary and exits with the run's code.
enum RunCommandSupport {
    static func execute(
        mode: RunMode, config: ConfigOptions, drop: DropOptions, run: RunOptions, output: OutputOptions,
        metrics: MetricsOptions, keepDrop: Bool = false
    ) async throws {
        let environment = ProcessInfo.processInfo.environment
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let simulated = run.target.zoom == .simulator
        let defaultState = run.target.defaultState
        let request = RunRequest(
            mode: mode, configPath: config.config, drop: drop.drop, state: run.target.state, out: run.out,
            courses: run.course,
            keepDrop: keepDrop, allowMassCancel: run.allowMassCancel, recreateDeleted: run.recreateDeleted,
            metricsFile: metrics.metricsFile, language: config.language, workingDirectory: workingDirectory,
            environment: environment,
            defaultState: defaultState)
        let clock = ClockOverride.clock(environment: environment)
        let stateOption = run.target.state
        let stateOf: @Sendable (Configuration) -> URL = { configuration in
            RunPaths.stateFile(
                option: stateOption, configuration: configuration, workingDirectory: workingDirectory,
                defaultState: defaultState)
        }
        let makeZoom =
            simulated
            ? simulatorSession(stateOf: stateOf, knobs: try simulatorKnobs(environment), clock: clock)
            : RunCollaborators.zoom(environment: environment, transport: CurlTransport.factory, clock: clock)
        let display = ProgressDisplay(output: output)
        var collaborators = RunCollaborators(clock: clock, makeZoom: makeZoom, progress: { display.show($0) })
        // The credentials and a token are checked before the lock is taken and the exports are
        // read (the embedded simulator has its own).
        if !simulated {
            collaborators.checkZoom = RunCollaborators.zoomCheck(
                environment: environment, transport: CurlTransport.factory, clock: clock)
        }
        let result = await SyncRun(request: request, collaborators: collaborators).run()
        display.finish()
        report(result, output: output)
        if result.exitStatus != .ok { throw ExitCode(result.exitStatus.rawValue) }
    }

    /// Benchmark knobs of the embedded simulator, read from the environment by `--zoom simulator` only.
    struct SimulatorKnobs: Sendable, Equatable {
        /// `SEMCO_ZOOM_SIMULATOR_RATE_LIMITS=off`: the simulator answers without per-second limits
        /// and the client does not pace itself (Zoom's daily limits stay).
        var rateLimits = true
        /// `SEMCO_ZOOM_SIMULATOR_LATENCY_MS=N`: every answer waits N milliseconds.
        var latencyMilliseconds = 0
        /// `SEMCO_ZOOM_SIMULATOR_URL=http://127.0.0.1:PORT`: use a simulator already running in
        /// another process (`semco-zoom simulator`, default credentials) instead of starting one
        /// in process, so that a benchmark measures semco-zoom without the simulator's work.
        var externalURL: URL?

        static let rateLimitsVariable = "SEMCO_ZOOM_SIMULATOR_RATE_LIMITS"
        static let latencyVariable = "SEMCO_ZOOM_SIMULATOR_LATENCY_MS"
        static let urlVariable = "SEMCO_ZOOM_SIMULATOR_URL"
    }

    /// Reads the knobs; a value it does not understand stops the run (a benchmark must not
    /// silently measure something else).
    static func simulatorKnobs(_ environment: [String: String]) throws -> SimulatorKnobs {
        var knobs = SimulatorKnobs()
        if let raw = environment[SimulatorKnobs.rateLimitsVariable] {
            switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
            case "", "on", "1", "true", "yes": knobs.rateLimits = true
            case "off", "0", "false", "no": knobs.rateLimits = false
            default:
                throw ValidationError("\(SimulatorKnobs.rateLimitsVariable)=\(raw): use on or off.")
            }
        }
        if let raw = environment[SimulatorKnobs.latencyVariable], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let value = Int(raw.trimmingCharacters(in: .whitespaces)), (0...60_000).contains(value) else {
                throw ValidationError(
                    "\(SimulatorKnobs.latencyVariable)=\(raw): use whole milliseconds from 0 to 60000.")
            }
            knobs.latencyMilliseconds = value
        }
        if let raw = environment[SimulatorKnobs.urlVariable], !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            let text = raw.trimmingCharacters(in: .whitespaces)
            guard let url = URL(string: text), url.scheme == "http", url.host == "127.0.0.1" || url.host == "localhost",
                url.port != nil
            else {
                throw ValidationError(
                    "\(SimulatorKnobs.urlVariable)=\(raw): use the simulator's base URL, http://127.0.0.1:PORT.")
            }
            guard knobs.latencyMilliseconds == 0 else {
                throw ValidationError(
                    "\(SimulatorKnobs.latencyVariable) applies to the simulator in process only; "
                        + "give the running simulator its latency (semco-zoom simulator --latency-ms).")
            }
            knobs.externalURL = url
        }
        return knobs
    }

    /// Starts the embedded simulator once the run holds its lock, with its data beside the state file.
    static func simulatorSession(
        stateOf: @escaping @Sendable (Configuration) -> URL, knobs: SimulatorKnobs = SimulatorKnobs(),
        clock: any WallClock = SystemClock()
    )
        -> @Sendable (Configuration, SyncState, URL) async throws -> ZoomSession
    {
        { configuration, state, apiLog in
            let defaults = SimulatorConfiguration()
            let credentials = ZoomCredentials(
                accountID: defaults.accountID, clientID: defaults.clientID,
                clientSecret: defaults.clientSecret)
            let simulator: ZoomSimulator?
            let apiURL: URL
            let oauthURL: URL
            if let external = knobs.externalURL {
                simulator = nil
                apiURL = external.appendingPathComponent("v2")
                oauthURL = external.appendingPathComponent("oauth").appendingPathComponent("token")
            } else {
                var simulatorConfiguration = try EmbeddedSimulator.configuration(
                    stateURL: stateOf(configuration),
                    configuration: configuration)
                simulatorConfiguration.enforceRateLimits = knobs.rateLimits
                simulatorConfiguration.latency = Double(knobs.latencyMilliseconds) / 1000
                let started = try await ZoomSimulator.start(simulatorConfiguration)
                simulator = started
                apiURL = started.apiURL
                oauthURL = started.oauthURL
            }
            var settings = ZoomClientSettings(
                apiURL: apiURL, oauthURL: oauthURL, credentials: credentials,
                kind: configuration.kind, ratePlan: configuration.ratePlan)
            settings.dailyWrites = state.dailyWrites
            // Without the simulator's per-second limits the client need not pace itself either.
            if !knobs.rateLimits { settings.rateHeadroom = 1000 }
            let log = try FileAPICallLog(url: apiLog)
            let client = HTTPZoomClient.overCurl(settings: settings, log: log, clock: clock)
            return ZoomSession(client: client, statistics: client.statistics, close: { await simulator?.stop() })
        }
    }

    /// The summary: JSON with `--json`; else `RunSummaryText` (result line, changes by kind,
    /// courses that need attention, warnings, the report). `--quiet`: nothing when all is well,
    /// else the result line and the report only (short cron mails).
    static func report(_ result: RunResult, output: OutputOptions) {
        let outcome = result.outcome
        let language = result.language
        // A fatal problem comes first, with its fix; a run that stopped before its run folder
        // (config, credentials, lock, state) has nothing else to say.
        if let fatal = outcome.fatal { printError(fatal.text(language)) }
        if output.json {
            let summary = RunSummary(result)
            if let data = try? StateStore.encoder().encode(summary) { print(String(decoding: data, as: UTF8.self)) }
        } else if outcome.outputDirectory == nil && outcome.fatal != nil {
            // Nothing else to say: the fatal line above is the whole message.
        } else if !(output.quiet && result.exitStatus == .ok) {
            print(RunSummaryText.render(result, brief: output.quiet), terminator: "")
        }
        if let failure = result.metricsError {
            printError(
                (language == .de ? "Metrikdatei nicht geschrieben: " : "Metrics file not written: ")
                    + failure.text(language))
        }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Progress on stderr: on a terminal (unless `--quiet`) one line that is rewritten in place;
/// with `--verbose` every step on its own line; nothing otherwise (cron, pipes).
final class ProgressDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private let mode: Mode
    private var shown = false

    enum Mode { case none, line, verbose }
    private let started = ContinuousClock.now

    /// The process's peak resident memory so far (`getrusage`: kilobytes on Linux, bytes on macOS).
    static func peakMegabytes() -> Double {
        var usage = rusage()
        #if os(Linux)
            guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
            return Double(usage.ru_maxrss) / 1024
        #else
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
            return Double(usage.ru_maxrss) / 1_048_576
        #endif
    }

    init(output: OutputOptions) {
        if output.quiet || output.json && !output.verbose {
            mode = output.verbose && !output.quiet ? .verbose : .none
        } else if output.verbose {
            mode = .verbose
        } else {
            mode = isatty(STDERR_FILENO) == 1 ? .line : .none
        }
    }

    func show(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        switch mode {
        case .none: return
        case .verbose:
            // With the time since the start and the peak memory so far ("max.", the same in German and
            // English): what each stage of a run costs (BENCHMARKS.md reads them off `plan --verbose`).
            let elapsed = started.duration(to: .now).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            let stamp = String(format: "%.2f s, max. %.0f MB", seconds, Self.peakMegabytes())
            FileHandle.standardError.write(Data("· \(line) [\(stamp)]\n".utf8))
        case .line:
            // Carriage return and erase-to-end-of-line: the line is rewritten in place.
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            shown = true
        }
    }

    /// Clears the progress line before the summary is printed.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}

/// What `--json` prints for `sync` and `plan`.
struct RunSummary: Encodable {
    var runID: String
    var mode: RunMode
    var exitCode: Int32
    var counts: RunCounts
    var report: String?
    var stateFile: String?
    /// The metrics file written (`--metrics-file`, `paths.metrics_file`), if any.
    var metricsFile: String?
    var fatal: String?
    var failed: [ActionOutcome]
    var deferred: [DeferredOutcome]
    var handedToImport: [ImportHandoff]

    init(_ result: RunResult) {
        let outcome = result.outcome
        runID = outcome.runID
        mode = outcome.mode
        exitCode = outcome.exitStatus.rawValue
        counts = outcome.counts
        report = result.reportFile?.path
        stateFile = outcome.stateFile
        metricsFile = result.metricsFile?.path
        fatal = outcome.fatal?.text(result.language)
        failed = outcome.actions.filter { $0.result == .failed }
        deferred = outcome.deferred
        handedToImport = outcome.handedToImport
    }
}
